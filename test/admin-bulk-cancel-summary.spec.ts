import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bulkCancelSummary } from '../apps/admin/src/payment-sessions/bulkCancelSummary';

const done = (id: string) => ({ id, canceled: true, code: null, message: null });
const missed = (id: string, message: string | null, code = 'INVALID_STATE') => ({ id, canceled: false, code, message });

describe("the console's bulk cancel notification", () => {
  it('counts the canceled sessions when every one was canceled', () => {
    assert.deepEqual(bulkCancelSummary([done('ps_1')]), { message: 'Canceled 1 payment session', partial: false });
    assert.deepEqual(bulkCancelSummary([done('ps_1'), done('ps_2')]), { message: 'Canceled 2 payment sessions', partial: false });
  });

  it('names each session left as it was, with the API reason', () => {
    const summary = bulkCancelSummary([done('ps_1'), missed('ps_2', 'Payment session is Completed'), missed('ps_3', null, 'NOT_FOUND')]);
    assert.equal(summary.partial, true);
    assert.equal(summary.message, 'Canceled 1 of 3 sessions. Not canceled: ps_2 (Payment session is Completed); ps_3 (NOT_FOUND)');
  });

  it('names the first three and counts the rest', () => {
    const summary = bulkCancelSummary(['a', 'b', 'c', 'd', 'e'].map((id) => missed(`ps_${id}`, 'gone')));
    assert.equal(summary.message, 'Canceled 0 of 5 sessions. Not canceled: ps_a (gone); ps_b (gone); ps_c (gone); and 2 more');
  });
});
