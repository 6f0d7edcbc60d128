import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, mapConnection, RequestContext, RequireScope, Scope } from '@paysession/common';
import { toCheckoutConfigurationModel } from './checkout-configuration.mapper';
import { CheckoutConfigurationsService } from './checkout-configurations.service';
import {
  CreateCheckoutConfigurationInput, DisablePaymentsPartnerInput, EnablePaymentsPartnerInput, SetDefaultCheckoutConfigurationInput,
  UpdateCheckoutConfigurationInput,
} from './dto/checkout-configuration.input';
import { CheckoutConfigurationArgs, CheckoutConfigurationsArgs } from './dto/checkout-configurations.args';
import { CheckoutConfigurationConnection, CheckoutConfigurationModel } from './models/checkout-configuration.model';

@Resolver(() => CheckoutConfigurationModel)
export class CheckoutConfigurationsResolver {
  constructor(private readonly configs: CheckoutConfigurationsService) {}

  @Query(() => CheckoutConfigurationModel)
  @RequireScope(Scope.READ_CHECKOUT_CONFIGURATIONS)
  async checkoutConfiguration(@Ctx() ctx: RequestContext, @Args() args: CheckoutConfigurationArgs) {
    return toCheckoutConfigurationModel(await this.configs.get(ctx, args.orgId, args.id));
  }

  @Query(() => CheckoutConfigurationConnection)
  @RequireScope(Scope.READ_CHECKOUT_CONFIGURATIONS)
  async checkoutConfigurations(@Ctx() ctx: RequestContext, @Args() args: CheckoutConfigurationsArgs) {
    return mapConnection(await this.configs.list(ctx, args), toCheckoutConfigurationModel);
  }

  @Mutation(() => CheckoutConfigurationModel)
  @RequireScope(Scope.WRITE_CHECKOUT_CONFIGURATIONS)
  async createCheckoutConfiguration(@Ctx() ctx: RequestContext, @Args('input') input: CreateCheckoutConfigurationInput) {
    return toCheckoutConfigurationModel(await this.configs.create(ctx, input));
  }

  @Mutation(() => CheckoutConfigurationModel)
  @RequireScope(Scope.WRITE_CHECKOUT_CONFIGURATIONS)
  async updateCheckoutConfiguration(@Ctx() ctx: RequestContext, @Args('input') input: UpdateCheckoutConfigurationInput) {
    return toCheckoutConfigurationModel(await this.configs.update(ctx, input));
  }

  @Mutation(() => CheckoutConfigurationModel)
  @RequireScope(Scope.WRITE_CHECKOUT_CONFIGURATIONS)
  async setDefaultCheckoutConfiguration(@Ctx() ctx: RequestContext, @Args('input') input: SetDefaultCheckoutConfigurationInput) {
    return toCheckoutConfigurationModel(await this.configs.setDefault(ctx, input));
  }

  @Mutation(() => CheckoutConfigurationModel, { description: "Hand this configuration's payments of the given methods to a payments partner" })
  @RequireScope(Scope.WRITE_CHECKOUT_CONFIGURATIONS)
  async enablePaymentsPartner(@Ctx() ctx: RequestContext, @Args('input') input: EnablePaymentsPartnerInput) {
    return toCheckoutConfigurationModel(await this.configs.enablePartner(ctx, input));
  }

  @Mutation(() => CheckoutConfigurationModel, { description: 'Stop handing payments of the given methods to any partner' })
  @RequireScope(Scope.WRITE_CHECKOUT_CONFIGURATIONS)
  async disablePaymentsPartner(@Ctx() ctx: RequestContext, @Args('input') input: DisablePaymentsPartnerInput) {
    return toCheckoutConfigurationModel(await this.configs.disablePartner(ctx, input));
  }
}
