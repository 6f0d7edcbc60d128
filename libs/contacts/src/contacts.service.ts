import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  badInput, byKeys, Connection, invalidState, likePrefix, matchKey, newestFirst, newId, notFound, orgScope, RequestContext, requestLoader,
} from '@paysession/common';
import { forUpdate, Transactions } from '@paysession/database';
import DataLoader from 'dataloader';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { CreateContactInput, DeleteContactInput, UpdateContactInput } from './dto/contact.input';

export interface ContactListQuery {
  orgId: string;
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    private readonly transactions: Transactions,
  ) {}

  async get(ctx: RequestContext, orgId: string, id: string): Promise<ContactEntity> {
    const contact = await this.contacts.findOneBy({ orgId: orgScope(ctx, orgId, 'Contact'), id });
    if (!contact) throw notFound('Contact', 'id');
    return contact;
  }

  /**
   * Newest first; `search` matches the start of the name or of the email, in any case (Unicode
   * lower case on both sides; accents and spaces count), identically on SQLite and MariaDB.
   */
  async list(ctx: RequestContext, query: ContactListQuery): Promise<Connection<ContactEntity>> {
    const qb = this.contacts
      .createQueryBuilder('c')
      .where('c.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    if (query.search) {
      const pattern = likePrefix(matchKey(query.search));
      // The escape character is bound, not written as a literal: `'\'` is one backslash to SQLite
      // but an unterminated string to MariaDB, where a backslash escapes the quote.
      const params = { pattern, escape: '\\' };
      qb.andWhere(new Brackets((w) => w.where('c.name_lower LIKE :pattern ESCAPE :escape', params).orWhere('c.email_lower LIKE :pattern ESCAPE :escape', params)));
    }
    return newestFirst(qb, 'c', query);
  }

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

  async update(ctx: RequestContext, input: UpdateContactInput): Promise<ContactEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Contact');
    // `name` is required: null cannot clear it (IsOptional lets null past the validators).
    if (input.name === null) throw badInput('input.name', 'name cannot be null');
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

  /** Deletes a contact, refused while an Active or Pending payment session uses it. */
  async delete(ctx: RequestContext, input: DeleteContactInput): Promise<ContactEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Contact');
    return this.transactions.run(async (manager) => {
      // The row lock orders this delete against a session being created for the contact.
      const contact = await this.lockOwn(manager, orgId, input.id);
      const inUse = await manager.query(
        "SELECT 1 FROM payment_sessions WHERE org_id = ? AND contact_id = ? AND status IN ('Active', 'Pending') LIMIT 1",
        [orgId, contact.id],
      );
      if (inUse.length) throw invalidState('This contact is used by an Active or Pending payment session and cannot be deleted');
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
