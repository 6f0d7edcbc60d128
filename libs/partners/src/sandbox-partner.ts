import { hkdfSync } from 'node:crypto';
import type { AppConfig } from '@paysession/config';

/** The built-in sandbox partner's id: fixed, so that every instance and restart agree on it. */
export const SANDBOX_PARTNER_ID = 'ptn_sandbox';

/** The sandbox partner's path on this server, where Paysession sends it payment-session requests. */
export const SANDBOX_PAYMENT_SESSION_PATH = '/sandbox/payment-sessions';

/**
 * The sandbox partner's key and signing secret, derived (HKDF) from SECRETS_ENCRYPTION_KEY, so
 * that every instance knows them without storing them anywhere: the core registers the partner
 * with them, and the sandbox module, like an external partner, holds its own credentials.
 */
export function sandboxPartnerCredentials(config: Pick<AppConfig, 'secretsEncryptionKey'>): { partnerId: string; apiKey: string; secret: string } {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', config.secretsEncryptionKey, 'paysession', purpose, 32));
  return {
    partnerId: SANDBOX_PARTNER_ID,
    apiKey: 'ppk_' + derive('sandbox-partner-key').toString('base64url'),
    secret: 'whsec_' + derive('sandbox-partner-secret').toString('base64'),
  };
}
