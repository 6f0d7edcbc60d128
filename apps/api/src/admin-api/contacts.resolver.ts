import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, OffsetPage, RequestContext, StaffApi } from '@paysession/common';
import { ContactModel, ContactsService, toContactModel } from '@paysession/contacts';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { perPageCost } from './admin-context';
import { ContactsArgs } from './inputs/merchant-data.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { ContactPage } from './models/merchant-data.model';

/** Contacts of every organization, read-only. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => ContactModel)
export class AdminContactsResolver {
  constructor(private readonly contactsService: ContactsService) {}

  @Query(() => ContactPage, { complexity: perPageCost, description: 'Contacts across organizations, newest first' })
  @RequireStaffRole(StaffRole.viewer)
  async contacts(@Ctx() ctx: RequestContext, @Args() args: ContactsArgs): Promise<OffsetPage<ContactModel>> {
    const page = await this.contactsService.listPage(ctx, { ...args.filter, page: args.page, perPage: args.perPage });
    return { ...page, nodes: page.nodes.map(toContactModel) };
  }

  @Query(() => ContactModel)
  @RequireStaffRole(StaffRole.viewer)
  async contact(@Ctx() ctx: RequestContext, @Args() args: IdArgs): Promise<ContactModel> {
    return toContactModel(await this.contactsService.get(ctx, null, args.id));
  }
}
