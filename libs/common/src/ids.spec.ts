import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from './ids';

describe('newId', () => {
  it('mints distinct ULIDs in creation order, with fresh randomness across refills of its random pool', async () => {
    const ids: string[] = [];
    const firstInTheirMillisecond: string[] = [];
    // Ids in new milliseconds take 16 random bytes each: 300 of them refill the 4 KiB pool.
    for (let i = 0; i < 600; i++) {
      ids.push(newId('ps'));
      if (i % 2) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        firstInTheirMillisecond.push(newId('ps'));
      }
    }
    for (const id of [...ids, ...firstInTheirMillisecond]) assert.match(id, /^ps_[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    // An id minted in a new millisecond takes all 16 of its random characters from the pool:
    // were the pool read past its end or never refilled, they would repeat (all `0`).
    const randomParts = firstInTheirMillisecond.map((id) => id.slice(-16));
    assert.equal(new Set(randomParts).size, randomParts.length);
  });
});
