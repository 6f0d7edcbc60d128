import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PUBLIC_KEY, SCOPES_KEY, STAFF_API_KEY } from '@paysession/common';

/** What @nestjs/graphql puts on a @ResolveField method (and nothing else). */
const RESOLVER_PROPERTY_METADATA = 'graphql:resolve_property';

/** Metadata that declares who may resolve a field: a scope (or any key), or no key at all. */
const ACCESS_KEYS = [SCOPES_KEY, PUBLIC_KEY];

/**
 * Refuses to start when a field resolver of the merchant API declares no access of its own
 * (issue 15, OWASP API1/API5: a key with only write_payment_sessions read
 * `paymentSession { contact { … } }` although `contact(…)` needs read_contacts). Every
 * @ResolveField resolves something beyond its parent's own columns — another resource, or a
 * lookup — so each declares its scope on the method, and the ApiKeyGuard, which runs on field
 * resolvers too (`fieldResolverEnhancers: ['guards']`), enforces it. A declaration on the class
 * alone does not count: it is too easy to inherit a scope that was meant for the queries.
 *
 * Errors: throws at start-up, naming every `Class.field` without a declaration.
 */
@Injectable()
export class FieldScopeCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const undeclared = fieldsWithoutScope(this.discovery.getProviders().map((wrapper) => wrapper.metatype as Function | undefined), this.scanner);
    if (undeclared.length) {
      throw new Error(`These field resolvers of the merchant API declare no scope (@RequireScope, @AnyScope or @Public on the method): ${undeclared.join(', ')}`);
    }
  }
}

/** `Class.method` of every merchant @ResolveField among `classes` that declares no access. */
export function fieldsWithoutScope(classes: (Function | undefined)[], scanner = new MetadataScanner()): string[] {
  const undeclared: string[] = [];
  for (const target of new Set(classes)) {
    if (!target?.prototype) continue;
    // The staff API's resolvers answer to the StaffGuard, which checks roles per operation.
    if (Reflect.getMetadata(STAFF_API_KEY, target)) continue;
    for (const name of scanner.getAllMethodNames(target.prototype)) {
      const method = target.prototype[name];
      if (typeof method !== 'function' || !Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method)) continue;
      if (!ACCESS_KEYS.some((key) => Reflect.getMetadata(key, method) !== undefined)) undeclared.push(`${target.name}.${name}`);
    }
  }
  return undeclared;
}
