import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  badInput, byKeys, LIKE_ESCAPE, likePrefix, matchKey, newId, notFound, OffsetPage, offsetPage, OffsetPageRequest, orgFilter, RequestContext, requestLoader,
} from '@paysession/common';
import DataLoader from 'dataloader';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/** A page request of organizations (the console's list). */
export interface OrganizationPageQuery extends OffsetPageRequest {
  /** The start of the name in any case (README, "Text matching"), or an exact id. */
  q?: string | null;
  ids?: string[] | null;
}

@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>) {}

  /** Inserts an organization inside the caller's transaction (provisioning adds its defaults). */
  async insert(manager: EntityManager, name: string): Promise<OrganizationEntity> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw badInput('name', 'must be 1 to 200 characters');
    const now = new Date();
    const org = manager.create(OrganizationEntity, { id: newId('org'), name: trimmed, nameLower: matchKey(trimmed), createdAt: now, updatedAt: now });
    return manager.save(org);
  }

  /**
   * An organization by id, for code that already holds the right to it (provisioning, the CLI,
   * a session's own org). NOT_FOUND at `field`.
   */
  async get(id: string, field = 'org'): Promise<OrganizationEntity> {
    const org = await this.orgs.findOneBy({ id });
    if (!org) throw notFound('Organization', field);
    return org;
  }

  /**
   * An organization the caller sees: a merchant its own, a staff member any.
   *
   * @throws DomainError NOT_FOUND (`id`) for an unknown id or another merchant's org.
   */
  async getVisible(ctx: RequestContext, id: string): Promise<OrganizationEntity> {
    if (!ctx.staff && id !== ctx.orgId) throw notFound('Organization', 'id');
    return this.get(id, 'id');
  }

  /**
   * A page of the organizations the caller sees (a merchant: its own), newest first, with a
   * total exact up to TOTAL_CAP.
   *
   * @throws DomainError BAD_USER_INPUT (`page`, `perPage`).
   */
  listPage(ctx: RequestContext, query: OrganizationPageQuery): Promise<OffsetPage<OrganizationEntity>> {
    const qb = this.orgs.createQueryBuilder('o');
    const own = orgFilter(ctx, ctx.staff ? null : ctx.orgId, 'Organization');
    if (own !== null) qb.andWhere('o.id = :own', { own });
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

  /**
   * Request-scoped batch loader of the organizations the caller sees, by id (the org beside each
   * session in the console); null for one it does not see.
   */
  loader(ctx: RequestContext, scope: object): DataLoader<string, OrganizationEntity | null> {
    return requestLoader(scope, 'organizations', async (ids) => {
      const visible = ctx.staff ? ids : ids.filter((id) => id === ctx.orgId);
      const rows = visible.length ? await this.orgs.createQueryBuilder('o').where('o.id IN (:...ids)', { ids: visible }).getMany() : [];
      return byKeys(ids, rows, (o) => o.id);
    });
  }
}
