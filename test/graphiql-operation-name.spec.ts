import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operationNameFor } from '../apps/graphiql/src/operation-name';

describe("GraphiQL's operation name (apps/graphiql)", () => {
  it('drops a name the document does not define when it has one operation: the one meant', () => {
    assert.equal(operationNameFor('{ apiKey { id } }', 'WhoAmI'), undefined);
    assert.equal(operationNameFor('query Mine { apiKey { id } }', 'WhoAmI'), undefined);
  });

  it('keeps a name the document defines, no name, and a name among several operations', () => {
    assert.equal(operationNameFor('query WhoAmI { apiKey { id } }', 'WhoAmI'), 'WhoAmI');
    assert.equal(operationNameFor('{ apiKey { id } }', null), null);
    assert.equal(operationNameFor('query A { apiKey { id } } query B { apiKey { orgId } }', 'C'), 'C');
    assert.equal(operationNameFor('{ not graphql', 'WhoAmI'), 'WhoAmI');
  });
});
