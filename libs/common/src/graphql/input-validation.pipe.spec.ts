import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { DomainError } from '../errors/domain.error';
import { ErrorCode } from '../errors/error-code';
import { InputValidationPipe } from './input-validation.pipe';

class IdArgs {
  @IsString()
  orgId!: string;

  @IsString()
  id!: string;
}

class PageArgs {
  @IsString()
  orgId!: string;

  @IsOptional()
  @IsInt()
  first?: number;
}

const args = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype, data: undefined });

/** The pipe with class-validator's `validate` counted. */
function countedPipe() {
  const pipe = new InputValidationPipe();
  const validate = mock.method(pipe as unknown as { validate: (...a: unknown[]) => unknown }, 'validate');
  return { pipe, validate };
}

describe('InputValidationPipe', () => {
  it('answers string-only arguments as an instance of their class without running class-validator', async () => {
    const { pipe, validate } = countedPipe();
    const out = await pipe.transform({ orgId: 'org_1', id: 'ps_1' }, args(IdArgs));
    assert.ok(out instanceof IdArgs);
    assert.deepEqual({ ...(out as IdArgs) }, { orgId: 'org_1', id: 'ps_1' });
    assert.equal(validate.mock.callCount(), 0);
  });

  it('refuses a non-string in a string-only class through class-validator, at its path', async () => {
    const { pipe, validate } = countedPipe();
    await assert.rejects(pipe.transform({ orgId: 'org_1', id: 7 }, { ...args(IdArgs), data: 'input' }), (error: DomainError) => {
      assert.equal(error.code, ErrorCode.BAD_USER_INPUT);
      assert.equal(error.field, 'input.id');
      assert.match(error.message, /^id must be a string/);
      return true;
    });
    assert.equal(validate.mock.callCount(), 1);
  });

  it('refuses a missing field of a string-only class through class-validator', async () => {
    const { pipe } = countedPipe();
    await assert.rejects(pipe.transform({ orgId: 'org_1' }, args(IdArgs)), (error: DomainError) => error.field === 'id');
  });

  it('runs class-validator for a class with any other rule', async () => {
    const { pipe, validate } = countedPipe();
    const out = await pipe.transform({ orgId: 'org_1', first: 5 }, args(PageArgs));
    assert.ok(out instanceof PageArgs);
    assert.equal(validate.mock.callCount(), 1);
    await assert.rejects(pipe.transform({ orgId: 'org_1', first: 'x' }, args(PageArgs)), (error: DomainError) => error.field === 'first');
  });
});
