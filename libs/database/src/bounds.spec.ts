import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, domainErrorOf, ErrorCode, formatGraphqlError } from '@paysession/common';
import { QueryFailedError } from 'typeorm';
import { asServiceUnavailable, isDatabaseUnavailable } from './bounds';

const driverError = (code: string | undefined, fatal = false) => Object.assign(new Error(code ?? 'closed'), { code, fatal });

describe('a database that is unavailable', () => {
  it('is told apart from a statement that failed', () => {
    for (const code of ['PROTOCOL_SEQUENCE_TIMEOUT', 'ETIMEDOUT', 'ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'SQLITE_BUSY']) {
      assert.ok(isDatabaseUnavailable(driverError(code)), code);
      assert.ok(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], driverError(code))), `${code} wrapped by TypeORM`);
    }
    assert.ok(isDatabaseUnavailable(driverError(undefined, true)), "mysql2's closed connection");
    for (const code of ['ER_DUP_ENTRY', 'ER_PARSE_ERROR', 'SQLITE_CONSTRAINT_UNIQUE', 'ER_ACCESS_DENIED_ERROR']) assert.equal(isDatabaseUnavailable(driverError(code, true)), false, code);
  });

  it('reaches the client as SERVICE_UNAVAILABLE, also through the ORM, and other failures stay masked', () => {
    const unavailable = asServiceUnavailable(driverError('PROTOCOL_SEQUENCE_TIMEOUT'));
    assert.ok(unavailable instanceof DomainError && unavailable.code === ErrorCode.SERVICE_UNAVAILABLE);
    const wrapped = new QueryFailedError('INSERT …', [], unavailable as Error);
    assert.equal(domainErrorOf(wrapped)?.code, ErrorCode.SERVICE_UNAVAILABLE);
    assert.equal(formatGraphqlError({ message: 'x' }, wrapped).extensions?.code, ErrorCode.SERVICE_UNAVAILABLE);
    const other = new QueryFailedError('INSERT …', [], driverError('ER_PARSE_ERROR'));
    assert.equal(asServiceUnavailable(other), other);
    assert.deepEqual(formatGraphqlError({ message: 'You have an error in your SQL syntax' }, other), { message: 'Internal server error', locations: undefined, path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
