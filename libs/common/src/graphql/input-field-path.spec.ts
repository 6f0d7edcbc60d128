import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLError, parse } from 'graphql';
import { domainFieldPath } from './input-field-path';

/** The path a service's refusal of `domainField` gets, for an error at response path `path` of `source`. */
const at = (source: string, path: (string | number)[], domainField: string) =>
  domainFieldPath(domainField, new GraphQLError('refused', { path }), parse(source));

describe('domainFieldPath', () => {
  it("places a domain name under the mutation's input argument", () => {
    const doc = 'mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }';
    assert.equal(at(doc, ['createPaymentSession'], 'amount'), 'input.amount');
    assert.equal(at(doc, ['createPaymentSession'], 'invoiceRefs.0.lines.1.price'), 'input.invoiceRefs.0.lines.1.price');
    assert.equal(at(doc, ['createPaymentSession'], 'orgId'), 'input.orgId');
  });

  it("keeps a name that is one of the field's own arguments, and a field without an input argument as it is", () => {
    assert.equal(at('mutation { updateContact(input: { id: "c" }) { id } }', ['updateContact'], 'input.name'), 'input.name');
    assert.equal(at('query { paymentSession(orgId: "o", id: "p") { id } }', ['paymentSession'], 'id'), 'id');
    assert.equal(at('query { paymentSessions(orgId: "o", first: 500) { nodes { id } } }', ['paymentSessions'], 'first'), 'first');
    assert.equal(at('mutation { cancelPaymentSession(id: "p", reason: "x") { id } }', ['cancelPaymentSession'], 'reason'), 'reason');
  });

  it('finds the field by its alias, through fragments, and below list indices', () => {
    const doc = `mutation { mine: createContact(input: { orgId: "o" }) { id } }`;
    assert.equal(at(doc, ['mine'], 'email'), 'input.email');
    const nested = `query { ...F } fragment F on Query { paymentSessions(orgId: "o") { nodes { ... on PaymentSession { events(first: 0) { id } } } } }`;
    assert.equal(at(nested, ['paymentSessions', 'nodes', 3, 'events'], 'first'), 'first');
  });

  it('leaves the name as it is when the path is not in the document', () => {
    assert.equal(at('mutation { createContact(input: {}) { id } }', ['somethingElse'], 'email'), 'email');
  });
});
