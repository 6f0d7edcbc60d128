import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ALL_SCOPES, badInput, byKeys, effectiveScopes, newId, notFound, RequestContext, requestLoader, Scope } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import DataLoader from 'dataloader';
import { In, IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { OrganizationsService } from './organizations.service';

/** Every key starts with this, so that a leaked key is recognisable by secret scanners. */
export const API_KEY_PREFIX = 'psk_';

export interface CreatedApiKey {
  id: string;
  /** The key itself: returned once, never stored. */
  apiKey: string;
}

export interface Caller {
  orgId: string;
  apiKeyId: string;
  scopes: ReadonlySet<Scope>;
}

const CACHE_LIMIT = 10_000;

/** The longest label a key may have, in characters. */
export const API_KEY_LABEL_MAX = 100;

/** What the console may show of a key: never its hash. */
export type ApiKeyName = Pick<ApiKeyEntity, 'id' | 'orgId' | 'label' | 'keyPrefix' | 'revokedAt'>;

@Injectable()
export class ApiKeysService {
  /** digest → caller (or null for an unknown key), for API_KEY_CACHE_SECONDS. */
  private readonly cache = new Map<string, { caller: Caller | null; until: number }>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly orgs: OrganizationsService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Issues a key for `orgId` with `scopes` and an optional `label` (what it is for, 1 to 100
   * characters once trimmed; the console's timeline names the key by it); the returned key is
   * the only copy.
   *
   * @throws DomainError NOT_FOUND (`org`); BAD_USER_INPUT (`scopes`, `label`).
   */
  async create(orgId: string, scopes: string[], label?: string | null): Promise<CreatedApiKey> {
    await this.orgs.get(orgId);
    const name = label?.trim() || null;
    if (label !== undefined && label !== null && (!name || name.length > API_KEY_LABEL_MAX)) throw badInput('label', `must be 1 to ${API_KEY_LABEL_MAX} characters`);
    const unknown = scopes.filter((s) => !ALL_SCOPES.includes(s as Scope));
    if (unknown.length) throw badInput('scopes', `unknown scope(s) ${unknown.join(', ')}; known: ${ALL_SCOPES.join(', ')}`);
    if (!scopes.length) throw badInput('scopes', 'at least one scope is required');
    // 32 random bytes: brute force is hopeless, so a fast keyed hash is enough to store it.
    const apiKey = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const entity = this.keys.create({
      id: newId('key'),
      orgId,
      keyHash: this.hash(apiKey),
      keyPrefix: apiKey.slice(0, 12),
      label: name,
      scopes: [...new Set(scopes)].join(','),
      createdAt: new Date(),
      revokedAt: null,
    });
    await this.transactions.run((manager) => manager.insert(ApiKeyEntity, entity));
    return { id: entity.id, apiKey };
  }

  /** Revokes a key; requests with it are refused from then on. */
  async revoke(id: string): Promise<{ id: string; revokedAt: Date }> {
    const revokedAt = new Date();
    const result = await this.transactions.run((manager) => manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt }));
    // This instance forgets at once; others within API_KEY_CACHE_SECONDS.
    for (const [digest, entry] of this.cache) if (entry.caller?.apiKeyId === id) this.cache.delete(digest);
    if (!result.affected) {
      const existing = await this.keys.findOneBy({ id });
      if (!existing) throw notFound('API key', 'id');
      return { id, revokedAt: existing.revokedAt as Date };
    }
    return { id, revokedAt };
  }

  /**
   * Resolves a presented key to its caller, or null. The lookup is by HMAC digest through a
   * unique index, so response time says nothing about how much of a key was right.
   */
  async authenticate(presented: string): Promise<Caller | null> {
    if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 200) return null;
    const digest = this.hash(presented);
    const cached = this.cache.get(digest);
    if (cached && cached.until > Date.now()) return cached.caller;
    const key = await this.keys.findOneBy({ keyHash: digest });
    const valid = key && !key.revokedAt && timingSafeEqual(Buffer.from(key.keyHash, 'hex'), Buffer.from(digest, 'hex'));
    const caller = valid ? { orgId: key.orgId, apiKeyId: key.id, scopes: effectiveScopes(key.scopes.split(',')) } : null;
    if (this.config.apiKeyCacheSeconds > 0) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(digest, { caller, until: Date.now() + this.config.apiKeyCacheSeconds * 1000 });
    }
    return caller;
  }

  /**
   * Request-scoped batch loader of the keys the caller may name, by id (the console's timeline:
   * "merchant, API key Shop backend"): a staff member any key, a merchant its own org's; null for
   * an unknown key or one the caller may not see. The label, public prefix and revocation only,
   * never the hash. One query per request's worth of ids. `scope` is the request.
   */
  names(ctx: RequestContext, scope: object): DataLoader<string, ApiKeyName | null> {
    return requestLoader<ApiKeyName>(scope, 'api-key-names', async (ids) => {
      const rows = await this.keys.find({ select: { id: true, orgId: true, label: true, keyPrefix: true, revokedAt: true }, where: { id: In([...ids]) } });
      const visible = ctx.staff ? rows : rows.filter((key) => key.orgId === ctx.orgId);
      return byKeys(ids, visible, (key) => key.id);
    });
  }

  private hash(apiKey: string): string {
    return createHmac('sha256', this.config.apiKeyPepper).update(apiKey).digest('hex');
  }
}
