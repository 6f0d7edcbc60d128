import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prefixRange } from './text-prefix';

const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const within = (s: string, range: ReturnType<typeof prefixRange>) => byCodePoint(s, range.from) >= 0 && (range.to === null || byCodePoint(s, range.to) < 0);

describe('prefixRange', () => {
  it('raises the last character', () => {
    assert.deepEqual(prefixRange('ord'), { from: 'ord', to: 'ore' });
    assert.deepEqual(prefixRange('ERP-%_'), { from: 'ERP-%_', to: 'ERP-%`' });
    assert.deepEqual(prefixRange('a\u{10FFFF}'), { from: 'a\u{10FFFF}', to: 'b' });
    assert.deepEqual(prefixRange('\u{10FFFF}'), { from: '\u{10FFFF}', to: null });
    assert.deepEqual(prefixRange('\uD7FF'), { from: '\uD7FF', to: '\uE000' });
  });

  it('holds, in UTF-8 byte order, exactly the strings that start with the prefix', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }), (prefix, other) => {
        const range = prefixRange(prefix);
        assert.equal(within(prefix + other, range), true);
        assert.equal(within(other, range), other.startsWith(prefix));
      }),
      { numRuns: 2000 },
    );
  });
});
