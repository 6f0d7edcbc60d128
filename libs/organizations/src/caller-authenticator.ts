import { Injectable } from '@nestjs/common';
import { RequestContext } from '@paysession/common';
import { PARTNER_KEY_PREFIX, PartnersService } from '@paysession/partners';
import { ApiKeysService } from './api-keys.service';

/** Who a request's credentials name, before the request id is attached. */
export type AuthenticatedCaller = Omit<RequestContext, 'requestId'>;

/**
 * Turns an `Authorization` header into the caller it names, or null: missing, not Bearer,
 * malformed, unknown or revoked. The one place that knows which kinds of key the merchant API
 * accepts (merchants' `psk_…`, payments partners' `ppk_…`), used by the authenticate-first hook on /graphql (before the body is even read) and by
 * the ApiKeyGuard for anything that reaches a resolver without it.
 */
@Injectable()
export class CallerAuthenticator {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly partners: PartnersService,
  ) {}

  /** `Authorization: Bearer <key>` → the caller; null for anything else. Never throws for bad input. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedCaller | null> {
    const presented = bearerToken(authorization);
    if (!presented) return null;
    if (!presented.startsWith(PARTNER_KEY_PREFIX)) return this.apiKeys.authenticate(presented);
    // A payments partner's key: no merchant scopes, only the operations marked PartnerOnly.
    const partner = await this.partners.authenticate(presented);
    return partner ? { orgId: '', apiKeyId: partner.partnerId, scopes: new Set(), partnerId: partner.partnerId, partnerName: partner.name } : null;
  }
}

/** The token of `Bearer <token>` (scheme case-insensitive, RFC 6750), or null. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization || authorization.length > 300) return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}
