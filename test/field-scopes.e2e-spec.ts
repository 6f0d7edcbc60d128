import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireScope, Scope } from '@paysession/common';
import { buildClientSchema, getIntrospectionQuery, getNamedType, GraphQLObjectType, GraphQLSchema, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { fieldsWithoutScope } from '../apps/api/src/graphql/field-scopes';
import { QUIET, Tenant, TestApp } from './support/test-app';

/**
 * Issue 15, OWASP API1/API5: every field that resolves another resource declares its scope, and
 * the key guard enforces it on field resolvers. This walks every type the merchant API's lists
 * reach — every field, as deep as the depth limit allows — with a key of each single scope, and
 * checks that the only refusals are the root (when the key lacks the list's scope) and the fields
 * whose scope the key lacks.
 */

/** The scope of each root list, and of each field that resolves another resource. */
const ROOT_SCOPES: Record<string, Scope> = {
  paymentSessions: Scope.READ_PAYMENT_SESSIONS,
  paymentSessionEvents: Scope.READ_PAYMENT_SESSIONS,
  webhookDeliveries: Scope.READ_PAYMENT_SESSIONS,
  contacts: Scope.READ_CONTACTS,
  checkoutConfigurations: Scope.READ_CHECKOUT_CONFIGURATIONS,
};
const FIELD_SCOPES: Record<string, Scope> = { 'PaymentSession.contact': Scope.READ_CONTACTS };

/** Every field of `type` without required arguments, objects expanded up to `depth` levels. */
function selectionOf(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 0) parts.push(`${field.name} { ${selectionOf(named, depth - 1)} }`);
  }
  return parts.join(' ') || '__typename';
}

/** `Type.field` of every FORBIDDEN error, from its path walked through the schema. */
function refusedFields(schema: GraphQLSchema, errors: { path?: unknown[]; extensions?: { code?: string } }[]): string[] {
  return errors.map((error) => {
    assert.equal(error.extensions?.code, 'FORBIDDEN', JSON.stringify(error));
    let type: GraphQLObjectType = schema.getQueryType()!;
    let last = '';
    for (const segment of (error.path ?? []).filter((s): s is string => typeof s === 'string')) {
      last = `${type.name}.${segment}`;
      const next = getNamedType(type.getFields()[segment].type);
      if (isObjectType(next)) type = next;
    }
    return last;
  });
}

describe('field scopes (issue 15)', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ ...QUIET, GRAPHQL_MAX_COMPLEXITY: '10000000' });
    acme = await t.tenant();
    const contact = await t.gql(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, { i: { orgId: acme.orgId, name: 'Ada', email: 'ada@example.com' } }, { key: acme.key });
    const created = await t.gql(`mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`, { i: { orgId: acme.orgId, amount: '5.00', currency: 'USD', contactId: contact.data.createContact.id } }, { key: acme.key });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  });
  after(() => t.close());

  it('refuses exactly the fields a key has no scope for, on every type the lists reach', async () => {
    // The merchant schema as a client sees it (introspection is on outside production).
    const schema = buildClientSchema((await t.gql(getIntrospectionQuery(), {}, { key: acme.key })).data);
    const query = schema.getQueryType()!;
    for (const scope of Object.values(Scope)) {
      const key = await t.apiKey(acme.orgId, [scope]);
      const granted = new Set<Scope>([scope, scope.replace('write_', 'read_') as Scope]);
      for (const [root, rootScope] of Object.entries(ROOT_SCOPES)) {
        const connection = getNamedType(query.getFields()[root].type) as GraphQLObjectType;
        const res = await t.gql(`query($o: ID!) { ${root}(orgId: $o, first: 1) { ${selectionOf(connection, 6)} } }`, { o: acme.orgId }, { key });
        assert.ok(res.status === 200, `${scope} ${root}: ${res.status} ${JSON.stringify(res.errors)}`);
        const refused = new Set(refusedFields(schema, res.errors ?? []));
        if (!granted.has(rootScope)) {
          assert.deepEqual([...refused], [`Query.${root}`], `${scope} on ${root}`);
          continue;
        }
        const mayRefuse = new Set(Object.entries(FIELD_SCOPES).filter(([, needs]) => !granted.has(needs)).map(([path]) => path));
        assert.deepEqual([...refused].filter((path) => !mayRefuse.has(path)), [], `${scope} on ${root}: refused without reason`);
        for (const [path, needs] of Object.entries(FIELD_SCOPES)) {
          if (granted.has(needs)) assert.ok(!refused.has(path), `${scope} on ${root}: ${path} refused although granted`);
        }
        if (root === 'paymentSessions' && !granted.has(Scope.READ_CONTACTS)) assert.ok(refused.has('PaymentSession.contact'), `${scope}: contact not refused`);
      }
    }
  });

  it('finds a field resolver that declares no scope (the boot-time check)', () => {
    @Resolver()
    class Careless {
      @Query(() => String)
      @RequireScope(Scope.READ_CONTACTS)
      ok() {
        return '';
      }

      @ResolveField(() => String)
      @RequireScope(Scope.READ_CONTACTS)
      declared() {
        return '';
      }

      @ResolveField(() => String)
      forgotten() {
        return '';
      }
    }
    assert.deepEqual(fieldsWithoutScope([Careless]), ['Careless.forgotten']);
  });

  it('finds none among the resolvers the app runs (or it would not have started)', () => {
    const classes = (t.app as unknown as { container: { getModules(): Map<string, { providers: Map<unknown, { metatype?: Function }> }> } }).container;
    const all = [...classes.getModules().values()].flatMap((module) => [...module.providers.values()].map((wrapper) => wrapper.metatype));
    assert.ok(all.some((c) => c?.name === 'PaymentSessionsResolver'));
    assert.deepEqual(fieldsWithoutScope(all), []);
  });
});
