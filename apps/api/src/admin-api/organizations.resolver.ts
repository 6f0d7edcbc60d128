import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { StaffApi } from '@paysession/common';
import { OrganizationEntity } from '@paysession/organizations';
import { OffsetPage, RequireStaffRole, StaffGuard, StaffMerchantDataService, StaffRole } from '@paysession/staff';
import { perPageCost } from './admin-context';
import { OrganizationsArgs } from './inputs/merchant-data.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { OrganizationModel, OrganizationPage } from './models/organization.model';

@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => OrganizationModel)
export class AdminOrganizationsResolver {
  constructor(private readonly merchantData: StaffMerchantDataService) {}

  @Query(() => OrganizationPage, { complexity: perPageCost, description: 'Organizations, newest first' })
  @RequireStaffRole(StaffRole.viewer)
  organizations(@Args() args: OrganizationsArgs): Promise<OffsetPage<OrganizationEntity>> {
    return this.merchantData.organizations({ ...args.filter, page: args.page, perPage: args.perPage });
  }

  @Query(() => OrganizationModel)
  @RequireStaffRole(StaffRole.viewer)
  organization(@Args() args: IdArgs): Promise<OrganizationEntity> {
    return this.merchantData.organization(args.id);
  }
}
