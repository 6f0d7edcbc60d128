import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from './ids';

describe('newId', () => {
  it('mints distinct ULIDs in creation order, across refills of its random pool', async () => {
    const ids: string[] = [];
    // Ids in new milliseconds take 16 random bytes each: enough of them to refill the pool.
    for (let i = 0; i < 600; i++) {
      ids.push(newId('ps'));
      if (i % 2) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (const id of ids) assert.match(id, /^ps_[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
  });
});
