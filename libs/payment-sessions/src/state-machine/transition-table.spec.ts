import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaymentSessionStatus as S } from '../payment-session.types';
import { finalStatuses, findRule, TRANSITION_TABLE, validateTransitionTable } from './transition-table';

describe('the transition table', () => {
  it('is sound', () => {
    assert.deepEqual(validateTransitionTable(TRANSITION_TABLE), []);
  });

  it('makes Completed, Canceled, Expired and Rejected final', () => {
    assert.deepEqual(new Set(finalStatuses()), new Set([S.Completed, S.Canceled, S.Expired, S.Rejected]));
  });

  it('holds exactly the moves of docs/CONTRACT.md, for the right actors', () => {
    const moves = TRANSITION_TABLE.map((r) => `${r.from}->${r.to}:${[...r.by].sort().join('+')}`).sort();
    assert.deepEqual(moves, [
      'Active->Canceled:merchant+staff',
      'Active->Completed:merchant+partner',
      'Active->Expired:merchant+scheduler',
      'Active->Pending:partner',
      'Active->Rejected:partner',
      'Pending->Completed:partner',
      'Pending->Expired:scheduler',
      'Pending->Rejected:partner',
    ]);
    assert.equal(findRule(S.Pending, S.Canceled, 'merchant'), undefined);
    assert.equal(findRule(S.Active, S.Pending, 'merchant'), undefined);
    assert.equal(findRule(S.Pending, S.Expired, 'merchant'), undefined);
  });

  it('rejects broken tables', () => {
    assert.notDeepEqual(validateTransitionTable([...TRANSITION_TABLE, { from: S.Completed, to: S.Active, by: ['staff'] }]), []);
    assert.notDeepEqual(validateTransitionTable([...TRANSITION_TABLE, TRANSITION_TABLE[0]]), []);
    assert.notDeepEqual(validateTransitionTable(TRANSITION_TABLE.filter((r) => r.to !== S.Rejected)), []);
    assert.notDeepEqual(validateTransitionTable([{ from: S.Active, to: S.Canceled, by: [] }]), []);
  });
});
