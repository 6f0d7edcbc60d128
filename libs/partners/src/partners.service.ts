import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, byKeys, callbackUrlProblem, newId, notFound, requestLoader, SecretBox, urlProblem } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import DataLoader from 'dataloader';
import { In, Repository } from 'typeorm';
import { PartnerEntity } from './partner.entity';
import { SANDBOX_PAYMENT_SESSION_PATH, sandboxPartnerCredentials } from './sandbox-partner';

/** Every partner key starts with this, so that scanners and the guard tell it from a merchant key (`psk_`). */
export const PARTNER_KEY_PREFIX = 'ppk_';

/** What `partner create` returns: the key and the secret are shown this once. */
export interface CreatedPartner {
  partnerId: string;
  apiKey: string;
  /** Standard Webhooks secret (`whsec_…`) that signs Paysession's requests to the partner. */
  secret: string;
}

/** An authenticated payments partner. */
export interface PartnerCaller {
  partnerId: string;
  name: string;
}

const CACHE_LIMIT = 10_000;

/**
 * Payments partners as principals (docs/CONTRACT.md, Who uses it): creation, key authentication,
 * and what the hand-off needs to reach a partner (its URL and signing secret).
 */
@Injectable()
export class PartnersService {
  private readonly box: SecretBox;
  private readonly cache = new Map<string, { caller: PartnerCaller | null; until: number }>();

  constructor(
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretsEncryptionKey, 'partner-secrets');
  }

  /**
   * Registers a partner. `paymentSessionUrl` obeys the rules of a session's `callbackUrl` (no
   * loopback or private addresses unless CALLBACK_ALLOW_PRIVATE_NETWORKS). Throws BAD_USER_INPUT.
   */
  async create(input: { name: string; paymentSessionUrl: string }): Promise<CreatedPartner> {
    const name = input.name?.trim();
    if (!name || name.length > 200) throw badInput('name', 'a name of 1 to 200 characters is required');
    const problem = this.urlProblem(input.paymentSessionUrl);
    if (problem) throw badInput('paymentSessionUrl', problem);
    const apiKey = PARTNER_KEY_PREFIX + randomBytes(32).toString('base64url');
    const secret = 'whsec_' + randomBytes(32).toString('base64');
    const entity = this.partners.create({
      id: newId('ptn'),
      name,
      paymentSessionUrl: input.paymentSessionUrl,
      keyHash: this.hash(apiKey),
      keyPrefix: apiKey.slice(0, 12),
      signingSecret: this.box.seal(secret),
      createdAt: new Date(),
      disabledAt: null,
    });
    await this.transactions.run((manager) => manager.insert(PartnerEntity, entity));
    return { partnerId: entity.id, apiKey, secret };
  }

  /**
   * Registers (or brings up to date) the built-in sandbox partner, with the credentials every
   * instance derives from the configuration. Safe when several instances start at once.
   */
  async ensureSandbox(): Promise<PartnerEntity> {
    const { partnerId, apiKey, secret } = sandboxPartnerCredentials(this.config);
    const keyHash = this.hash(apiKey);
    const existing = await this.partners.findOneBy({ id: partnerId });
    if (existing && existing.keyHash === keyHash && !existing.disabledAt) return existing;
    const row = {
      id: partnerId,
      name: 'Sandbox (test cards)',
      paymentSessionUrl: `${this.config.publicBaseUrl}${SANDBOX_PAYMENT_SESSION_PATH}`,
      keyHash,
      keyPrefix: apiKey.slice(0, 12),
      signingSecret: this.box.seal(secret),
      createdAt: existing?.createdAt ?? new Date(),
      disabledAt: null,
    };
    try {
      await this.transactions.run(async (manager) => {
        if (existing) await manager.update(PartnerEntity, { id: partnerId }, row);
        else await manager.insert(PartnerEntity, row);
      });
    } catch (error) {
      // Another instance registered it meanwhile: its row is the same.
      const now = await this.partners.findOneBy({ id: partnerId });
      if (!now) throw error;
      return now;
    }
    return this.partners.create(row);
  }

  /** Why `url` cannot be a partner's paymentSessionUrl under this configuration, or null. */
  urlProblem(url: string): string | null {
    return (
      urlProblem(url) ??
      callbackUrlProblem(url, { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks, production: this.config.nodeEnv === 'production' })
    );
  }

  /** Resolves a presented partner key to its partner, or null (unknown, malformed or disabled). */
  async authenticate(presented: string): Promise<PartnerCaller | null> {
    if (!presented.startsWith(PARTNER_KEY_PREFIX) || presented.length > 200) return null;
    const digest = this.hash(presented);
    const cached = this.cache.get(digest);
    if (cached && cached.until > Date.now()) return cached.caller;
    const partner = await this.partners.findOneBy({ keyHash: digest });
    const valid = partner && !partner.disabledAt && timingSafeEqual(Buffer.from(partner.keyHash, 'hex'), Buffer.from(digest, 'hex'));
    const caller = valid ? { partnerId: partner.id, name: partner.name } : null;
    if (this.config.apiKeyCacheSeconds > 0) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(digest, { caller, until: Date.now() + this.config.apiKeyCacheSeconds * 1000 });
    }
    return caller;
  }

  /** A partner by id; NOT_FOUND (on `field`) when there is none or it is disabled. */
  async get(id: string, field = 'partnerId'): Promise<PartnerEntity> {
    const partner = await this.partners.findOneBy({ id });
    if (!partner || partner.disabledAt) throw notFound('Partner', field);
    return partner;
  }

  /** The partners of `ids` that exist and are enabled, by id. */
  async getMany(ids: string[]): Promise<Map<string, PartnerEntity>> {
    if (!ids.length) return new Map();
    const rows = await this.partners.findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.filter((p) => !p.disabledAt).map((p) => [p.id, p]));
  }

  /**
   * Request-scoped batch loader of partners' names, by id (the console's timeline names the
   * partner that completed a session); disabled partners keep their name, the history still
   * names them; null for an unknown id. One query per request's worth of ids. `scope` is the request.
   */
  names(scope: object): DataLoader<string, string | null> {
    return requestLoader<string>(scope, 'partner-names', async (ids) => {
      const rows = await this.partners.find({ select: { id: true, name: true }, where: { id: In([...ids]) } });
      return byKeys(ids, rows, (row) => row.id).map((row) => row?.name ?? null);
    });
  }

  /** The partner's Standard Webhooks secret, to sign a request to it. */
  signingSecret(partner: PartnerEntity): string {
    return this.box.open(partner.signingSecret);
  }

  private hash(key: string): string {
    return createHmac('sha256', this.config.apiKeyPepper).update(key).digest('hex');
  }
}
