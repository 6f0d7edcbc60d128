import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OffsetPage, StaffApi } from '@paysession/common';
import {
  CurrentStaff, RequireStaffRole, StaffAuditEntryEntity, StaffAuditService, StaffEntity, StaffGuard, StaffPrincipal, StaffRole,
  StaffService,
} from '@paysession/staff';
import { perPageCost } from './admin-context';
import { PageArgs } from './inputs/page.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { ChangeStaffRoleArgs, CreateStaffMemberInput, StaffAuditArgs } from './inputs/staff-members.args';
import { StaffAuditEntryPage } from './models/audit-entry.model';
import { StaffMemberModel, StaffMemberPage } from './models/staff-member.model';

/** Staff accounts and the audit log: admins only. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => StaffMemberModel)
export class StaffMembersResolver {
  constructor(
    private readonly staff: StaffService,
    private readonly audit: StaffAuditService,
  ) {}

  @Query(() => StaffMemberPage, { complexity: perPageCost, description: 'Every staff account, oldest first' })
  @RequireStaffRole(StaffRole.admin)
  staffMembers(@Args() args: PageArgs): Promise<OffsetPage<StaffEntity>> {
    return this.staff.list(args);
  }

  @Mutation(() => StaffMemberModel)
  @RequireStaffRole(StaffRole.admin)
  createStaffMember(@CurrentStaff() by: StaffPrincipal, @Args('input') input: CreateStaffMemberInput): Promise<StaffEntity> {
    return this.staff.create(input, by);
  }

  @Mutation(() => StaffMemberModel, { description: 'Takes effect on the member’s next request' })
  @RequireStaffRole(StaffRole.admin)
  changeStaffRole(@CurrentStaff() by: StaffPrincipal, @Args() args: ChangeStaffRoleArgs): Promise<StaffEntity> {
    return this.staff.changeRole(by, args.id, args.role);
  }

  @Mutation(() => StaffMemberModel, { description: 'Switches the account off and ends its sign-ins' })
  @RequireStaffRole(StaffRole.admin)
  deactivateStaffMember(@CurrentStaff() by: StaffPrincipal, @Args() args: IdArgs): Promise<StaffEntity> {
    return this.staff.deactivate(by, args.id);
  }

  @Query(() => StaffAuditEntryPage, { complexity: perPageCost, description: 'What staff did, newest first' })
  @RequireStaffRole(StaffRole.admin)
  staffAuditLog(@Args() args: StaffAuditArgs): Promise<OffsetPage<StaffAuditEntryEntity>> {
    return this.audit.list({ ...args.filter, page: args.page, perPage: args.perPage });
  }
}
