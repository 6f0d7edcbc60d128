import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, parse } from 'graphql';
import { costDependsOnVariables } from './complexity.plugin';

const schema = buildSchema(`
  type Session { id: ID! lines(first: Int): [String!]! }
  type Query { session(id: ID!): Session sessions(first: Int, status: String): [Session!]! }
`);
// What Nest's `@Query(..., { complexity })` puts on a field: the estimator reads it.
schema.getQueryType()!.getFields().sessions.extensions = { complexity: () => 1 };

const depends = (source: string) => costDependsOnVariables(schema, parse(source));

describe('costDependsOnVariables', () => {
  it('says no when variables only reach fields that cost the same whatever they say', () => {
    assert.equal(depends('{ sessions(first: 5) { id } }'), false);
    assert.equal(depends('query($id: ID!) { session(id: $id) { id lines(first: 3) } }'), false);
  });

  it('says yes when a variable reaches an argument of a field with its own cost, anywhere', () => {
    assert.equal(depends('query($n: Int) { sessions(first: $n) { id } }'), true);
    assert.equal(depends('query($s: String) { a: session(id: "x") { id } b: sessions(status: $s) { id } }'), true);
    assert.equal(depends('query($n: Int) { ...F } fragment F on Query { sessions(first: $n) { id } }'), true);
    // A page size prices the list, whether or not the field declares a cost of its own.
    assert.equal(depends('query($n: Int) { session(id: "x") { lines(first: $n) } }'), true);
  });

  it('says yes when a variable decides a directive, which can drop a subtree', () => {
    assert.equal(depends('query($x: Boolean!) { sessions(first: 5) @include(if: $x) { id } }'), true);
    assert.equal(depends('query($x: Boolean!) { session(id: "x") { id ... @skip(if: $x) { lines } } }'), true);
  });
});
