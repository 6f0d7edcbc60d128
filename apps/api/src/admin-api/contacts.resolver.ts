import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { StaffApi } from '@paysession/common';
import { ContactModel, toContactModel } from '@paysession/contacts';
import { OffsetPage, RequireStaffRole, StaffGuard, StaffMerchantDataService, StaffRole } from '@paysession/staff';
import { perPageCost } from './admin-context';
import { ContactsArgs } from './inputs/merchant-data.args';
import { IdArgs } from './inputs/payment-sessions.args';
import { ContactPage } from './models/merchant-data.model';

/** Contacts of every organization, read-only. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => ContactModel)
export class AdminContactsResolver {
  constructor(private readonly merchantData: StaffMerchantDataService) {}

  @Query(() => ContactPage, { complexity: perPageCost, description: 'Contacts across organizations, newest first' })
  @RequireStaffRole(StaffRole.viewer)
  async contacts(@Args() args: ContactsArgs): Promise<OffsetPage<ContactModel>> {
    const page = await this.merchantData.contactList({ ...args.filter, page: args.page, perPage: args.perPage });
    return { ...page, nodes: page.nodes.map(toContactModel) };
  }

  @Query(() => ContactModel)
  @RequireStaffRole(StaffRole.viewer)
  async contact(@Args() args: IdArgs): Promise<ContactModel> {
    return toContactModel(await this.merchantData.contact(args.id));
  }
}
