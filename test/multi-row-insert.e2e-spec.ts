import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '@paysession/common';
import { multiRowInsert } from '@paysession/database';
import { PaymentSessionEventEntity } from '@paysession/payment-sessions';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { QUIET, TestApp } from './support/test-app';

// multiRowInsert builds the expiry sweep's event INSERT from the entity's metadata instead of
// TypeORM's insert builder; the rows it writes must be the rows TypeORM would have written.

describe('multiRowInsert', () => {
  let t: TestApp;
  let orgId: string;

  before(async () => {
    t = await TestApp.start(QUIET);
    ({ orgId } = await t.tenant());
  });
  after(() => t.close());

  const event = (id: string, data: Record<string, unknown>) =>
    t.dataSource.manager.create(PaymentSessionEventEntity, {
      id,
      orgId,
      sessionId: 'ps_multi_row',
      type: 'payment_session.expired',
      actor: 'scheduler',
      // Text that needs escaping, and a value JSON keeps exact.
      data: { ...data, note: `it's "quoted" \\ and ünïcode`, amount: '12.30' },
      occurredAt: new Date(Date.UTC(2026, 11, 2, 16, 30, 0, 123)),
      streamPosition: null,
    });

  /** Every column of the event row but the two that differ by design (its generated seq, its id). */
  async function storedRow(id: string): Promise<Record<string, unknown>> {
    const [row] = await t.dataSource.query('SELECT org_id, session_id, type, actor, data, occurred_at, stream_position FROM payment_session_events WHERE id = ?', [id]);
    return { ...row, occurred_at: Number(row.occurred_at) };
  }

  it('writes each row as TypeORM\'s insert does, several in one statement', async () => {
    const byTypeorm = event(newId('evt'), { n: 0 });
    // JSON `data` is a plain object; TypeORM's deep-partial type cannot see through `unknown`.
    await t.dataSource.manager.insert(PaymentSessionEventEntity, byTypeorm as unknown as QueryDeepPartialEntity<PaymentSessionEventEntity>);
    const ours = [event(newId('evt'), { n: 0 }), event(newId('evt'), { n: 1 }), event(newId('evt'), { n: 2 })];
    const [sql, parameters] = multiRowInsert(t.dataSource.manager, PaymentSessionEventEntity, ours).getQueryAndParameters();
    assert.equal((sql.match(/\),\s*\(/g) ?? []).length, 2, 'one statement with three rows');
    assert.equal(parameters.length, 3 * 8);
    assert.doesNotMatch(sql, /\bseq\b/, 'the generated key is left to the database');
    await t.dataSource.query(sql, parameters);

    assert.deepEqual(await storedRow(ours[0].id), await storedRow(byTypeorm.id));
    for (const [n, row] of ours.entries()) {
      const read = await t.dataSource.getRepository(PaymentSessionEventEntity).findOneByOrFail({ id: row.id });
      assert.deepEqual(read.data, row.data, `row ${n} reads back`);
      assert.equal(read.occurredAt.getTime(), row.occurredAt.getTime());
      assert.equal(read.streamPosition, null);
    }
  });

  it('refuses a row that leaves a column undefined rather than writing NULL for it', () => {
    const partial = t.dataSource.manager.create(PaymentSessionEventEntity, { id: newId('evt'), orgId });
    assert.throws(() => multiRowInsert(t.dataSource.manager, PaymentSessionEventEntity, [partial]).getQueryAndParameters(), /sessionId is undefined/);
    assert.throws(() => multiRowInsert(t.dataSource.manager, PaymentSessionEventEntity, []).getQueryAndParameters(), /at least one row/);
  });
});
