import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { cacheValidationRuleLookups } from './validation-rule-cache';

class Parent {
  @IsString()
  name!: unknown;
}

class Child extends Parent {
  @IsInt()
  count!: unknown;
}

const rulesOf = (target: new () => object) => getMetadataStorage().getTargetValidationMetadatas(target, '', false, false);
const failed = async (object: object) => (await validate(object)).map((error) => error.property).sort();

describe('cacheValidationRuleLookups', () => {
  cacheValidationRuleLookups();
  cacheValidationRuleLookups(); // a second install is a no-op (the lookup is not wrapped twice)

  it("answers a class's own and inherited rules, the same answer each time", () => {
    const first = rulesOf(Child);
    assert.deepEqual(first.map((rule) => rule.propertyName).sort(), ['count', 'name']);
    assert.equal(rulesOf(Child), first);
    assert.notEqual(getMetadataStorage().getTargetValidationMetadatas(Child, '', false, false, ['other']), first);
  });

  it('validates as class-validator does without the cache', async () => {
    assert.deepEqual(await failed(Object.assign(new Child(), { name: 'a', count: 1 })), []);
    assert.deepEqual(await failed(Object.assign(new Child(), { name: 1, count: 'x' })), ['count', 'name']);
  });

  it('forgets what it kept when a rule is added after a lookup', async () => {
    const before = rulesOf(Child);
    MaxLength(3)(Parent.prototype, 'name');
    assert.notEqual(rulesOf(Child), before);
    assert.deepEqual(await failed(Object.assign(new Child(), { name: 'too long', count: 1 })), ['name']);
  });
});
