import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  badInput, byKeys, Connection, LIKE_ESCAPE, likePrefix, matchKey, newestFirst, newId, notFound, OffsetPage, offsetPage, OffsetPageRequest,
  orgFilter, orgScope, RequestContext, requestLoader,
} from '@paysession/common';
import { forUpdate, Transactions } from '@paysession/database';
import DataLoader from 'dataloader';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { CreateContactInput, DeleteContactInput, UpdateContactInput } from './dto/contact.input';

/**
 * A check run before a contact is deleted, in the delete's transaction with the contact row
 * locked; it throws to refuse the delete (payment sessions refuse one their open sessions use).
 */
export type ContactDeleteCheck = (manager: EntityManager, contact: ContactEntity) => Promise<void>;

export interface ContactListQuery {
  orgId: string;
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

/** A page request of contacts across the organizations the caller sees (the console's list). */
export interface ContactPageQuery extends OffsetPageRequest {
  /** One organization; a merchant's own whatever it names. */
  orgId?: string | null;
  /** The start of the name or the email, in any case. */
  q?: string | null;
  ids?: string[] | null;
}

@Injectable()
export class ContactsService {
  private readonly deleteChecks: ContactDeleteCheck[] = [];

  constructor(
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * One contact: of `orgId` (a merchant's own; a staff member: any, or null for whichever org
   * holds `id`).
   *
   * @throws DomainError NOT_FOUND at `orgId` (another org) or at `id`.
   */
  async get(ctx: RequestContext, orgId: string | null, id: string): Promise<ContactEntity> {
    const org = orgFilter(ctx, orgId, 'Contact');
    const contact = await this.contacts.findOneBy({ ...(org === null ? {} : { orgId: org }), id });
    if (!contact) throw notFound('Contact', 'id');
    return contact;
  }

  /**
   * A page of the contacts the caller sees (a staff member: every org, or `orgId`), newest first,
   * with a total exact up to TOTAL_CAP; `q` matches as in {@link list}.
   *
   * @throws DomainError BAD_USER_INPUT (`page`, `perPage`); NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  listPage(ctx: RequestContext, query: ContactPageQuery): Promise<OffsetPage<ContactEntity>> {
    const qb = this.contacts.createQueryBuilder('c');
    const orgId = orgFilter(ctx, query.orgId, 'Organization');
    if (orgId !== null) qb.andWhere('c.org_id = :orgId', { orgId });
    if (query.ids?.length) qb.andWhere('c.id IN (:...ids)', { ids: query.ids });
    const q = query.q?.trim();
    if (q) nameOrEmailStarts(qb, q);
    return offsetPage(qb, query, [['c.created_at', 'DESC'], ['c.id', 'DESC']]);
  }

  /**
   * Newest first; `search` matches the start of the name or of the email, in any case (Unicode
   * lower case on both sides; accents and spaces count), identically on SQLite and MariaDB.
   */
  async list(ctx: RequestContext, query: ContactListQuery): Promise<Connection<ContactEntity>> {
    const qb = this.contacts
      .createQueryBuilder('c')
      .where('c.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    if (query.search) nameOrEmailStarts(qb, query.search);
    return newestFirst(qb, 'c', query);
  }

  /**
   * Creates a contact of the caller's org: the name trimmed, the name and email also stored in
   * their matching form (lower case) for search.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for another org.
   */
  async create(ctx: RequestContext, input: CreateContactInput): Promise<ContactEntity> {
    const now = new Date();
    const contact = this.contacts.create({
      id: newId('ct'),
      orgId: orgScope(ctx, input.orgId, 'Organization'),
      name: input.name.trim(),
      givenName: input.givenName ?? null,
      familyName: input.familyName ?? null,
      email: input.email ?? null,
      emailLower: matchKey(input.email ?? null),
      nameLower: matchKey(input.name.trim()),
      phone: input.phone ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run((manager) => manager.insert(ContactEntity, contact));
    return contact;
  }

  /**
   * Changes the fields sent (left out: unchanged; null clears an optional one), under the row lock.
   *
   * @throws DomainError NOT_FOUND (`orgId`, `id`); BAD_USER_INPUT (`name`) for a null name.
   */
  async update(ctx: RequestContext, input: UpdateContactInput): Promise<ContactEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Contact');
    // `name` is required: null cannot clear it (IsOptional lets null past the validators).
    if (input.name === null) throw badInput('name', 'name cannot be null');
    return this.transactions.run(async (manager) => {
      const contact = await this.lockOwn(manager, orgId, input.id);
      for (const field of ['name', 'givenName', 'familyName', 'email', 'phone'] as const) {
        if (input[field] !== undefined) (contact as unknown as Record<string, unknown>)[field] = field === 'name' ? input.name!.trim() : input[field];
      }
      contact.emailLower = matchKey(contact.email);
      contact.nameLower = matchKey(contact.name);
      contact.updatedAt = new Date();
      await manager.save(ContactEntity, contact);
      return contact;
    });
  }

  /** Registers a check run before every delete (see ContactDeleteCheck). */
  onDelete(check: ContactDeleteCheck): void {
    this.deleteChecks.push(check);
  }

  /**
   * Deletes a contact, unless a delete check refuses it (payment sessions: while an open session
   * uses it).
   *
   * @throws DomainError NOT_FOUND (`orgId`, `id`); INVALID_STATE from a check.
   */
  async delete(ctx: RequestContext, input: DeleteContactInput): Promise<ContactEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Contact');
    return this.transactions.run(async (manager) => {
      // The row lock orders this delete against a session being created for the contact.
      const contact = await this.lockOwn(manager, orgId, input.id);
      for (const check of this.deleteChecks) await check(manager, contact);
      await manager.delete(ContactEntity, { orgId, id: contact.id });
      return contact;
    });
  }

  /**
   * Reads and row-locks a contact of `orgId` inside a transaction (payment sessions call this to
   * attach a contact), or throws NOT_FOUND with `field`.
   */
  async lockOwn(manager: EntityManager, orgId: string, id: string, field = 'id'): Promise<ContactEntity> {
    const contact = await forUpdate(manager.createQueryBuilder(ContactEntity, 'c').where('c.org_id = :orgId AND c.id = :id', { orgId, id })).getOne();
    if (!contact) throw notFound('Contact', field);
    return contact;
  }

  /** Request-scoped batch loader of the caller's contacts by id. */
  loader(scope: object, orgId: string): DataLoader<string, ContactEntity | null> {
    return requestLoader(scope, `contacts:${orgId}`, async (ids) => {
      const rows = await this.contacts.createQueryBuilder('c').where('c.org_id = :orgId AND c.id IN (:...ids)', { orgId, ids }).getMany();
      return byKeys(ids, rows, (c) => c.id);
    });
  }
}

/** Narrows `qb` (alias `c`) to contacts whose name or email starts with `text`, in any case. */
function nameOrEmailStarts(qb: SelectQueryBuilder<ContactEntity>, text: string): void {
  const params = { pattern: likePrefix(matchKey(text)), escape: LIKE_ESCAPE };
  qb.andWhere(new Brackets((w) => w.where('c.name_lower LIKE :pattern ESCAPE :escape', params).orWhere('c.email_lower LIKE :pattern ESCAPE :escape', params)));
}
