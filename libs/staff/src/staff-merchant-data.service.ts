import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CheckoutConfigurationEntity } from '@paysession/checkout-configurations';
import { byKeys, likePrefix, matchKey, notFound, requestLoader } from '@paysession/common';
import { ContactEntity } from '@paysession/contacts';
import { OrganizationEntity } from '@paysession/organizations';
import DataLoader from 'dataloader';
import { Brackets, Repository } from 'typeorm';
import { OffsetPage, offsetPage, OffsetPageRequest } from './offset-page';

/**
 * likePrefix's escape character, bound as a parameter: written as the SQL literal '\' it is one
 * backslash to SQLite but an unterminated string to MariaDB.
 */
const LIKE_ESCAPE = '\\';

export interface OrganizationQuery extends OffsetPageRequest {
  /** The start of the name in any case (README, "Text matching"), or an exact id. */
  q?: string | null;
  ids?: string[] | null;
}

export interface ContactQuery extends OffsetPageRequest {
  orgId?: string | null;
  /** The start of the name or the email, in any case. */
  q?: string | null;
  ids?: string[] | null;
}

export interface CheckoutConfigurationQuery extends OffsetPageRequest {
  orgId?: string | null;
  ids?: string[] | null;
}

/**
 * Read-only views of what merchants own (organizations, contacts, checkout configurations)
 * across organizations, for the console. Nothing here writes.
 */
@Injectable()
export class StaffMerchantDataService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    @InjectRepository(CheckoutConfigurationEntity) private readonly configs: Repository<CheckoutConfigurationEntity>,
  ) {}

  /** Newest first. */
  organizations(query: OrganizationQuery): Promise<OffsetPage<OrganizationEntity>> {
    const qb = this.orgs.createQueryBuilder('o');
    if (query.ids?.length) qb.andWhere('o.id IN (:...ids)', { ids: query.ids });
    const q = query.q?.trim();
    if (q) {
      qb.andWhere(
        new Brackets((w) => {
          w.where('o.name_lower LIKE :pattern ESCAPE :escape', { pattern: likePrefix(matchKey(q)), escape: LIKE_ESCAPE });
          // Ids are ASCII: other text cannot be one, and MariaDB refuses to compare it with an id column.
          if (/^[\x21-\x7e]+$/.test(q)) w.orWhere('o.id = :q', { q });
        }),
      );
    }
    return offsetPage(qb, query, [['o.created_at', 'DESC'], ['o.id', 'DESC']]);
  }

  async organization(id: string): Promise<OrganizationEntity> {
    const org = await this.orgs.findOneBy({ id });
    if (!org) throw notFound('Organization', 'id');
    return org;
  }

  /** Request-scoped batch loader of organizations by id (the org name beside each session). */
  organizationLoader(scope: object): DataLoader<string, OrganizationEntity | null> {
    return requestLoader(scope, 'staff:organizations', async (ids) => byKeys(ids, await this.orgs.createQueryBuilder('o').where('o.id IN (:...ids)', { ids }).getMany(), (o) => o.id));
  }

  /** Request-scoped batch loader of contacts by id (the customer beside each session). */
  contactLoader(scope: object): DataLoader<string, ContactEntity | null> {
    return requestLoader(scope, 'staff:contacts', async (ids) => byKeys(ids, await this.contacts.createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany(), (c) => c.id));
  }

  /** Newest first. */
  contactList(query: ContactQuery): Promise<OffsetPage<ContactEntity>> {
    const qb = this.contacts.createQueryBuilder('c');
    if (query.orgId) qb.andWhere('c.org_id = :orgId', { orgId: query.orgId });
    if (query.ids?.length) qb.andWhere('c.id IN (:...ids)', { ids: query.ids });
    const q = query.q?.trim();
    if (q) {
      const params = { pattern: likePrefix(matchKey(q)), escape: LIKE_ESCAPE };
      qb.andWhere(new Brackets((w) => w.where('c.name_lower LIKE :pattern ESCAPE :escape', params).orWhere('c.email_lower LIKE :pattern ESCAPE :escape', params)));
    }
    return offsetPage(qb, query, [['c.created_at', 'DESC'], ['c.id', 'DESC']]);
  }

  async contact(id: string): Promise<ContactEntity> {
    const contact = await this.contacts.findOneBy({ id });
    if (!contact) throw notFound('Contact', 'id');
    return contact;
  }

  /** Newest first. */
  checkoutConfigurationList(query: CheckoutConfigurationQuery): Promise<OffsetPage<CheckoutConfigurationEntity>> {
    const qb = this.configs.createQueryBuilder('cc');
    if (query.orgId) qb.andWhere('cc.org_id = :orgId', { orgId: query.orgId });
    if (query.ids?.length) qb.andWhere('cc.id IN (:...ids)', { ids: query.ids });
    return offsetPage(qb, query, [['cc.created_at', 'DESC'], ['cc.id', 'DESC']]);
  }

  async checkoutConfiguration(id: string): Promise<CheckoutConfigurationEntity> {
    const config = await this.configs.findOneBy({ id });
    if (!config) throw notFound('Checkout configuration', 'id');
    return config;
  }
}
