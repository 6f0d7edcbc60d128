import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, OffsetPage, RequestContext, StaffApi } from '@paysession/common';
import { OrganizationEntity, OrganizationsService } from '@paysession/organizations';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { perPageCost } from './admin-context';
import { OrganizationsArgs } from './inputs/merchant-data.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { OrganizationModel, OrganizationPage } from './models/organization.model';

@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => OrganizationModel)
export class AdminOrganizationsResolver {
  constructor(private readonly orgs: OrganizationsService) {}

  @Query(() => OrganizationPage, { complexity: perPageCost, description: 'Organizations, newest first' })
  @RequireStaffRole(StaffRole.viewer)
  organizations(@Ctx() ctx: RequestContext, @Args() args: OrganizationsArgs): Promise<OffsetPage<OrganizationEntity>> {
    return this.orgs.listPage(ctx, { ...args.filter, page: args.page, perPage: args.perPage });
  }

  @Query(() => OrganizationModel)
  @RequireStaffRole(StaffRole.viewer)
  organization(@Ctx() ctx: RequestContext, @Args() args: IdArgs): Promise<OrganizationEntity> {
    return this.orgs.getVisible(ctx, args.id);
  }
}
