import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CheckoutConfigurationModel, CheckoutConfigurationsService, toCheckoutConfigurationModel } from '@paysession/checkout-configurations';
import { Ctx, OffsetPage, RequestContext, StaffApi } from '@paysession/common';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { perPageCost } from './admin-context';
import { CheckoutConfigurationsArgs } from './inputs/merchant-data.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { CheckoutConfigurationPage } from './models/merchant-data.model';

/** Checkout configurations of every organization, read-only. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => CheckoutConfigurationModel)
export class AdminCheckoutConfigurationsResolver {
  constructor(private readonly configs: CheckoutConfigurationsService) {}

  @Query(() => CheckoutConfigurationPage, { complexity: perPageCost, description: 'Checkout configurations across organizations, newest first' })
  @RequireStaffRole(StaffRole.viewer)
  async checkoutConfigurations(@Ctx() ctx: RequestContext, @Args() args: CheckoutConfigurationsArgs): Promise<OffsetPage<CheckoutConfigurationModel>> {
    const page = await this.configs.listPage(ctx, { ...args.filter, page: args.page, perPage: args.perPage });
    return { ...page, nodes: page.nodes.map(toCheckoutConfigurationModel) };
  }

  @Query(() => CheckoutConfigurationModel)
  @RequireStaffRole(StaffRole.viewer)
  async checkoutConfiguration(@Ctx() ctx: RequestContext, @Args() args: IdArgs): Promise<CheckoutConfigurationModel> {
    return toCheckoutConfigurationModel(await this.configs.get(ctx, null, args.id));
  }
}
