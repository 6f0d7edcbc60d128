import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { newId, OffsetPage, offsetPage, OffsetPageRequest } from '@paysession/common';
import { EntityManager, Repository } from 'typeorm';
import { StaffAuditEntryEntity } from './staff-audit-entry.entity';

/** What the audit log records. */
export enum StaffAuditAction {
  Login = 'staff.login',
  CancelPaymentSession = 'payment_session.cancel',
  RedeliverWebhook = 'webhook_delivery.redeliver',
  CreateStaff = 'staff.create',
  ChangeStaffRole = 'staff.change_role',
  DeactivateStaff = 'staff.deactivate',
}

export interface StaffAuditQuery extends OffsetPageRequest {
  staffId?: string | null;
  targetId?: string | null;
}

@Injectable()
export class StaffAuditService {
  constructor(@InjectRepository(StaffAuditEntryEntity) private readonly entries: Repository<StaffAuditEntryEntity>) {}

  /** Appends an entry inside the caller's transaction, so it exists exactly when the action committed. */
  async record(manager: EntityManager, entry: { staffId: string; action: StaffAuditAction; targetId: string; reason?: string | null }): Promise<StaffAuditEntryEntity> {
    const row = manager.create(StaffAuditEntryEntity, { id: newId('aud'), reason: null, ...entry, at: new Date() });
    await manager.insert(StaffAuditEntryEntity, row);
    return row;
  }

  /** Newest first, by staff member and/or target. */
  async list(query: StaffAuditQuery): Promise<OffsetPage<StaffAuditEntryEntity>> {
    const qb = this.entries.createQueryBuilder('a');
    if (query.staffId) qb.andWhere('a.staff_id = :staffId', { staffId: query.staffId });
    if (query.targetId) qb.andWhere('a.target_id = :targetId', { targetId: query.targetId });
    return offsetPage(qb, query, [['a.at', 'DESC'], ['a.id', 'DESC']]);
  }
}
