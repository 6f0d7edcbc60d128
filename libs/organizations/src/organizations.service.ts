import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, matchKey, newId, notFound } from '@paysession/common';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

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

  async get(id: string): Promise<OrganizationEntity> {
    const org = await this.orgs.findOneBy({ id });
    if (!org) throw notFound('Organization', 'org');
    return org;
  }
}
