import { SetMetadata } from '@nestjs/common';

/** API key scopes (docs/CONTRACT.md, Who uses it). A write scope implies its read. */
export enum Scope {
  READ_PAYMENT_SESSIONS = 'read_payment_sessions',
  WRITE_PAYMENT_SESSIONS = 'write_payment_sessions',
  READ_CONTACTS = 'read_contacts',
  WRITE_CONTACTS = 'write_contacts',
  READ_CHECKOUT_CONFIGURATIONS = 'read_checkout_configurations',
  WRITE_CHECKOUT_CONFIGURATIONS = 'write_checkout_configurations',
}

export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

const IMPLIES: Partial<Record<Scope, Scope>> = {
  [Scope.WRITE_PAYMENT_SESSIONS]: Scope.READ_PAYMENT_SESSIONS,
  [Scope.WRITE_CONTACTS]: Scope.READ_CONTACTS,
  [Scope.WRITE_CHECKOUT_CONFIGURATIONS]: Scope.READ_CHECKOUT_CONFIGURATIONS,
};

/** The granted scopes plus the reads their writes imply. */
export function effectiveScopes(granted: readonly string[]): ReadonlySet<Scope> {
  const set = new Set<Scope>();
  for (const s of granted) {
    if (!ALL_SCOPES.includes(s as Scope)) continue;
    set.add(s as Scope);
    const implied = IMPLIES[s as Scope];
    if (implied) set.add(implied);
  }
  return set;
}

export const SCOPES_KEY = 'paysession:scopes';
export const PUBLIC_KEY = 'paysession:public';

/** The scope an operation needs; the API key guard enforces it. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPES_KEY, [scope]);

/** An operation any valid API key may call, whatever its scopes (it reveals only the key itself). */
export const AnyScope = () => SetMetadata(SCOPES_KEY, []);

export const PARTNER_KEY = 'paysession:partner';

/**
 * An operation only a payments partner's key may call (paymentSessionPending/Resolve/Reject);
 * a merchant key gets FORBIDDEN.
 */
export const PartnerOnly = () => SetMetadata(PARTNER_KEY, true);

export const STAFF_API_KEY = 'paysession:staff-api';

/**
 * Marks a resolver of the staff API (`/admin-api`): the merchant API key guard leaves it to the
 * staff guard, and it never accepts an API key.
 */
export const StaffApi = () => SetMetadata(STAFF_API_KEY, true);

/** Marks a route that needs no API key (health, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
