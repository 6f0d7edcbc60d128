import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { byKeys, Connection, newestFirst, newId, notFound, OffsetPage, offsetPage, OffsetPageRequest, orgFilter, orgScope, RequestContext, requestLoader } from '@paysession/common';
import { forUpdate, lockOrganization, Transactions } from '@paysession/database';
import { PartnersService } from '@paysession/partners';
import DataLoader from 'dataloader';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { CheckoutConfigurationEntity } from './checkout-configuration.entity';
import { DEFAULT_CHECKOUT_CONFIGURATION, DEFAULT_SESSION_LIFETIME_SECONDS, PaymentMethod } from './checkout-configuration.types';
import {
  CreateCheckoutConfigurationInput, SetDefaultCheckoutConfigurationInput, UpdateCheckoutConfigurationInput,
} from './dto/checkout-configuration.input';

/** How long a create may reuse an org's default configuration, in milliseconds (the staleness bound across instances). */
export const DEFAULT_CACHE_MS = 5000;
/** Organizations whose default is kept at once; the oldest entry makes way. */
const DEFAULT_CACHE_ORGS = 10_000;

/** A page request of configurations across the organizations the caller sees (the console's list). */
export interface CheckoutConfigurationPageQuery extends OffsetPageRequest {
  /** One organization; a merchant's own whatever it names. */
  orgId?: string | null;
  ids?: string[] | null;
}

const EDITABLE = ['name', 'layoutTemplate', 'lineItemFields', 'paymentMethods', 'brandName', 'brandLogoUrl', 'allowedEmbedOrigins'] as const;

@Injectable()
export class CheckoutConfigurationsService {
  private readonly defaults = new Map<string, { config: CheckoutConfigurationEntity; until: number }>();
  /** Counts committed configuration changes, so that a read that raced one is not kept. */
  private generation = 0;

  constructor(
    @InjectRepository(CheckoutConfigurationEntity) private readonly configs: Repository<CheckoutConfigurationEntity>,
    private readonly transactions: Transactions,
    private readonly partners: PartnersService,
  ) {}

  /**
   * Creates the default configuration every new org starts with (inside provisioning's
   * transaction): Simple layout, card payments, sessions that expire after 24 hours unless
   * created with an expirationDate (DEFAULT_SESSION_LIFETIME_SECONDS).
   */
  async insertDefault(manager: EntityManager, orgId: string): Promise<CheckoutConfigurationEntity> {
    const now = new Date();
    const config = manager.create(CheckoutConfigurationEntity, {
      id: newId('cc'),
      orgId,
      ...DEFAULT_CHECKOUT_CONFIGURATION,
      isDefault: true,
      defaultSessionLifetimeSeconds: DEFAULT_SESSION_LIFETIME_SECONDS,
      brandName: null,
      brandLogoUrl: null,
      paymentPartners: null,
      allowedEmbedOrigins: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(CheckoutConfigurationEntity, config);
    return config;
  }

  /**
   * One configuration: of `orgId` (a merchant's own; a staff member: any, or null for whichever
   * org holds `id`).
   *
   * @throws DomainError NOT_FOUND at `orgId` (another org) or at `id`.
   */
  async get(ctx: RequestContext, orgId: string | null, id: string): Promise<CheckoutConfigurationEntity> {
    const org = orgFilter(ctx, orgId, 'Checkout configuration');
    const config = await this.configs.findOneBy({ ...(org === null ? {} : { orgId: org }), id });
    if (!config) throw notFound('Checkout configuration', 'id');
    return config;
  }

  /**
   * A page of the configurations the caller sees (a staff member: every org, or `orgId`), newest
   * first, with a total exact up to TOTAL_CAP.
   *
   * @throws DomainError BAD_USER_INPUT (`page`, `perPage`); NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  listPage(ctx: RequestContext, query: CheckoutConfigurationPageQuery): Promise<OffsetPage<CheckoutConfigurationEntity>> {
    const qb = this.configs.createQueryBuilder('cc');
    const orgId = orgFilter(ctx, query.orgId, 'Organization');
    if (orgId !== null) qb.andWhere('cc.org_id = :orgId', { orgId });
    if (query.ids?.length) qb.andWhere('cc.id IN (:...ids)', { ids: query.ids });
    return offsetPage(qb, query, [['cc.created_at', 'DESC'], ['cc.id', 'DESC']]);
  }

  /**
   * The org's configurations, newest first, keyset-paginated (`first` 1 to 100, default 20;
   * `after` a cursor).
   *
   * @throws DomainError NOT_FOUND (`orgId`) for another org; BAD_USER_INPUT (`first`, `after`).
   */
  async list(ctx: RequestContext, query: { orgId: string; first?: number | null; after?: string | null }): Promise<Connection<CheckoutConfigurationEntity>> {
    const qb = this.configs
      .createQueryBuilder('cc')
      .where('cc.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    return newestFirst(qb, 'cc', query);
  }

  /**
   * Creates a configuration of the caller's org (unset fields take the defaults: Simple layout,
   * card payments; `defaultSessionLifetimeSeconds` in seconds, null: sessions do not expire unless
   * created with an expirationDate); with `isDefault`, it becomes the org's one default.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for another org.
   */
  async create(ctx: RequestContext, input: CreateCheckoutConfigurationInput): Promise<CheckoutConfigurationEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Organization');
    const now = new Date();
    const config = this.configs.create({
      id: newId('cc'),
      orgId,
      name: input.name.trim(),
      isDefault: null,
      layoutTemplate: input.layoutTemplate ?? DEFAULT_CHECKOUT_CONFIGURATION.layoutTemplate,
      lineItemFields: input.lineItemFields ?? DEFAULT_CHECKOUT_CONFIGURATION.lineItemFields,
      paymentMethods: input.paymentMethods ?? DEFAULT_CHECKOUT_CONFIGURATION.paymentMethods,
      defaultSessionLifetimeSeconds: input.defaultSessionLifetimeSeconds ?? null,
      brandName: input.brandName ?? null,
      brandLogoUrl: input.brandLogoUrl ?? null,
      paymentPartners: null,
      allowedEmbedOrigins: input.allowedEmbedOrigins?.length ? input.allowedEmbedOrigins : null,
      createdAt: now,
      updatedAt: now,
    });
    return this.transactions.run(async (manager) => {
      this.forgetDefaultAfterCommit(manager, orgId);
      await manager.insert(CheckoutConfigurationEntity, config);
      return input.isDefault ? this.makeDefault(manager, orgId, config.id) : config;
    });
  }

  /**
   * Changes the fields sent; null clears brandName, brandLogoUrl, allowedEmbedOrigins and
   * defaultSessionLifetimeSeconds, and leaves the required fields as they are.
   *
   * @throws DomainError NOT_FOUND (`orgId`, `id`).
   */
  async update(ctx: RequestContext, input: UpdateCheckoutConfigurationInput): Promise<CheckoutConfigurationEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Checkout configuration');
    return this.transactions.run(async (manager) => {
      this.forgetDefaultAfterCommit(manager, orgId);
      const config = await manager.findOneBy(CheckoutConfigurationEntity, { orgId, id: input.id });
      if (!config) throw notFound('Checkout configuration', 'id');
      for (const field of EDITABLE) {
        if (input[field] !== undefined && input[field] !== null) (config as unknown as Record<string, unknown>)[field] = field === 'name' ? input.name!.trim() : input[field];
      }
      if (input.brandName === null) config.brandName = null;
      if (input.brandLogoUrl === null) config.brandLogoUrl = null;
      if (input.allowedEmbedOrigins === null || input.allowedEmbedOrigins?.length === 0) config.allowedEmbedOrigins = null;
      if (input.defaultSessionLifetimeSeconds !== undefined) config.defaultSessionLifetimeSeconds = input.defaultSessionLifetimeSeconds;
      config.updatedAt = new Date();
      await manager.save(CheckoutConfigurationEntity, config);
      return config;
    });
  }

  /**
   * Hands payments of `paymentMethods` under configuration `id` to partner `partnerId`
   * (replacing another partner enabled for one of them). NOT_FOUND when the configuration is not
   * the org's or the partner does not exist or is disabled.
   */
  async enablePartner(ctx: RequestContext, input: { orgId: string; id: string; partnerId: string; paymentMethods: PaymentMethod[] }): Promise<CheckoutConfigurationEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Checkout configuration');
    await this.partners.get(input.partnerId, 'partnerId');
    return this.setPartners(orgId, input.id, (map) => {
      for (const method of input.paymentMethods) map[method] = input.partnerId;
    });
  }

  /** Stops handing payments of `paymentMethods` to any partner under configuration `id`. */
  async disablePartner(ctx: RequestContext, input: { orgId: string; id: string; paymentMethods: PaymentMethod[] }): Promise<CheckoutConfigurationEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Checkout configuration');
    return this.setPartners(orgId, input.id, (map) => {
      for (const method of input.paymentMethods) delete map[method];
    });
  }

  /** The id of the org's default checkout configuration (the CLI's `partner enable` acts on it). */
  async defaultId(orgId: string): Promise<string> {
    const config = await this.configs.findOneBy({ orgId, isDefault: true });
    if (!config) throw notFound('Organization', 'orgId');
    return config.id;
  }

  private setPartners(orgId: string, id: string, change: (map: Partial<Record<PaymentMethod, string>>) => void): Promise<CheckoutConfigurationEntity> {
    return this.transactions.run(async (manager) => {
      this.forgetDefaultAfterCommit(manager, orgId);
      const config = await forUpdate(manager.createQueryBuilder(CheckoutConfigurationEntity, 'cc').where('cc.org_id = :orgId AND cc.id = :id', { orgId, id })).getOne();
      if (!config) throw notFound('Checkout configuration', 'id');
      const map = { ...(config.paymentPartners ?? {}) };
      change(map);
      config.paymentPartners = Object.keys(map).length ? map : null;
      config.updatedAt = new Date();
      await manager.update(CheckoutConfigurationEntity, { orgId, id }, { paymentPartners: config.paymentPartners, updatedAt: config.updatedAt });
      return config;
    });
  }

  /**
   * Makes `id` the org's one default (serialized per org, so concurrent changes leave exactly one).
   *
   * @throws DomainError NOT_FOUND (`orgId`, `id`).
   */
  async setDefault(ctx: RequestContext, input: SetDefaultCheckoutConfigurationInput): Promise<CheckoutConfigurationEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Checkout configuration');
    return this.transactions.run((manager) => {
      this.forgetDefaultAfterCommit(manager, orgId);
      return this.makeDefault(manager, orgId, input.id);
    });
  }

  /**
   * The configuration a session uses: `id` when given (of the same org), else the org default.
   * The default is reused for up to DEFAULT_CACHE_MS (a create need not read it each time): a
   * change made through this instance applies at once, one made through another instance within
   * that bound. Configurations are never deleted, so a reused one still exists.
   */
  async forSession(manager: EntityManager, orgId: string, id: string | null | undefined, field: string): Promise<CheckoutConfigurationEntity> {
    if (!id) return this.defaultOf(manager, orgId, field);
    const config = await manager.findOneBy(CheckoutConfigurationEntity, { orgId, id });
    if (!config) throw notFound('Checkout configuration', field);
    return config;
  }

  private async defaultOf(manager: EntityManager, orgId: string, field: string): Promise<CheckoutConfigurationEntity> {
    const cached = this.defaults.get(orgId);
    if (cached && cached.until > Date.now()) return cached.config;
    const generation = this.generation;
    const config = await manager.findOneBy(CheckoutConfigurationEntity, { orgId, isDefault: true });
    if (!config) throw notFound('Checkout configuration', field);
    // Not when a change committed meanwhile: what was read may be from before it.
    if (generation === this.generation) {
      if (this.defaults.size >= DEFAULT_CACHE_ORGS) this.defaults.delete(this.defaults.keys().next().value!);
      this.defaults.set(orgId, { config, until: Date.now() + DEFAULT_CACHE_MS });
    }
    return config;
  }

  /** Forgets the org's reused default once `manager`'s transaction (a change of its configurations) commits. */
  private forgetDefaultAfterCommit(manager: EntityManager, orgId: string): void {
    this.transactions.afterCommit(manager, `checkout-default:${orgId}`, async () => {
      this.generation++;
      this.defaults.delete(orgId);
    });
  }

  /** Request-scoped batch loader of the caller's configurations by id. */
  loader(scope: object, orgId: string): DataLoader<string, CheckoutConfigurationEntity | null> {
    return requestLoader(scope, `checkout-configurations:${orgId}`, async (ids) => {
      const rows = await this.configs.createQueryBuilder('cc').where('cc.org_id = :orgId AND cc.id IN (:...ids)', { orgId, ids }).getMany();
      return byKeys(ids, rows, (c) => c.id);
    });
  }

  private async makeDefault(manager: EntityManager, orgId: string, id: string): Promise<CheckoutConfigurationEntity> {
    // Serializes default changes of one org across instances.
    await lockOrganization(manager, orgId);
    const config = await manager.findOneBy(CheckoutConfigurationEntity, { orgId, id });
    if (!config) throw notFound('Checkout configuration', 'id');
    if (config.isDefault) return config;
    const now = new Date();
    await manager.update(CheckoutConfigurationEntity, { orgId, isDefault: true }, { isDefault: null, updatedAt: now });
    await manager.update(CheckoutConfigurationEntity, { orgId, id, isDefault: IsNull() }, { isDefault: true, updatedAt: now });
    return { ...config, isDefault: true, updatedAt: now };
  }
}
