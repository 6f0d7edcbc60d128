import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, byKeys, conflict, newId, notFound, OffsetPage, offsetPage, OffsetPageRequest, requestLoader } from '@paysession/common';
import { isUniqueViolation, Transactions } from '@paysession/database';
import { isEmail } from 'class-validator';
import DataLoader from 'dataloader';
import { In, Repository } from 'typeorm';
import { StaffAuditAction, StaffAuditService } from './staff-audit.service';
import { StaffPrincipal } from './staff.context';
import { StaffEntity } from './staff.entity';
import { checkPasswordPolicy, hashPassword } from './staff.passwords';
import { assertRole, isStaffRole, STAFF_ROLES, StaffRole } from './staff.roles';
import { StaffSignInEntity } from './staff-sign-in.entity';

export interface NewStaff {
  email: string;
  role: string;
  password: string;
}

/** Staff accounts: created by the CLI (the first one) or by an admin, managed by admins. */
@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly transactions: Transactions,
    private readonly audit: StaffAuditService,
  ) {}

  /**
   * Creates an account. `by` is the admin doing it, or null for the CLI (whoever runs it already
   * holds the database). CONFLICT when the email is taken.
   */
  async create(input: NewStaff, by: StaffPrincipal | null): Promise<StaffEntity> {
    if (by) assertRole(by.role, StaffRole.admin);
    const email = normalizeEmail(input.email);
    if (!isStaffRole(input.role)) throw badInput('role', `The role must be one of ${STAFF_ROLES.join(', ')}`);
    checkPasswordPolicy(input.password);
    const now = new Date();
    const row = this.staff.create({ id: newId('stf'), email, passwordHash: await hashPassword(input.password), role: input.role, createdAt: now, updatedAt: now, deactivatedAt: null });
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(StaffEntity, row);
        if (by) await this.audit.record(manager, { staffId: by.id, action: StaffAuditAction.CreateStaff, targetId: row.id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A staff account with the email ${email} already exists`);
      throw error;
    }
    return row;
  }

  async get(id: string): Promise<StaffEntity> {
    const row = await this.staff.findOneBy({ id });
    if (!row) throw notFound('Staff member', 'id');
    return row;
  }

  /**
   * Request-scoped batch loader of staff members' emails, by id (the console's timeline names who
   * canceled a session); null for an unknown id. Deactivated members keep their email: the
   * history still names them. One query per request's worth of ids. `scope` is the request.
   */
  emails(scope: object): DataLoader<string, string | null> {
    return requestLoader<string>(scope, 'staff-emails', async (ids) => {
      const rows = await this.staff.find({ select: { id: true, email: true }, where: { id: In([...ids]) } });
      return byKeys(ids, rows, (row) => row.id).map((row) => row?.email ?? null);
    });
  }

  /** Every account, oldest first (there are few). */
  list(query: OffsetPageRequest): Promise<OffsetPage<StaffEntity>> {
    return offsetPage(this.staff.createQueryBuilder('st'), query, [['st.created_at', 'ASC'], ['st.id', 'ASC']]);
  }

  /** Changes a role; it applies from the member's next request. Admins cannot demote themselves. */
  async changeRole(by: StaffPrincipal, id: string, role: string): Promise<StaffEntity> {
    assertRole(by.role, StaffRole.admin);
    if (!isStaffRole(role)) throw badInput('role', `The role must be one of ${STAFF_ROLES.join(', ')}`);
    // Keeps at least one admin who can undo mistakes.
    if (id === by.id && role !== StaffRole.admin) throw badInput('role', 'You cannot take the admin role from yourself');
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(StaffEntity, { id });
      if (!row) throw notFound('Staff member', 'id');
      if (row.role !== role) {
        await manager.update(StaffEntity, { id }, { role, updatedAt: new Date() });
        await this.audit.record(manager, { staffId: by.id, action: StaffAuditAction.ChangeStaffRole, targetId: id, reason: `${row.role} -> ${role}` });
      }
      return manager.findOneByOrFail(StaffEntity, { id });
    });
  }

  /** Switches an account off and ends its sign-ins at once. */
  async deactivate(by: StaffPrincipal, id: string): Promise<StaffEntity> {
    assertRole(by.role, StaffRole.admin);
    if (id === by.id) throw badInput('id', 'You cannot deactivate yourself');
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(StaffEntity, { id });
      if (!row) throw notFound('Staff member', 'id');
      if (!row.deactivatedAt) {
        const now = new Date();
        await manager.update(StaffEntity, { id }, { deactivatedAt: now, updatedAt: now });
        await manager.delete(StaffSignInEntity, { staffId: id });
        await this.audit.record(manager, { staffId: by.id, action: StaffAuditAction.DeactivateStaff, targetId: id });
      }
      return manager.findOneByOrFail(StaffEntity, { id });
    });
  }
}

/** Trimmed and lower-cased; BAD_USER_INPUT when it is not an address. */
export function normalizeEmail(email: string, field = 'email'): string {
  const value = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (!value || value.length > 254 || !isEmail(value)) throw badInput(field, 'The email must be a valid address');
  return value;
}
