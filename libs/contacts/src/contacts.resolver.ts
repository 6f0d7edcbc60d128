import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, mapConnection, RequestContext, RequireScope, Scope } from '@paysession/common';
import { ContactsService } from './contacts.service';
import { ContactArgs, ContactsArgs } from './dto/contacts.args';
import { CreateContactInput, DeleteContactInput, UpdateContactInput } from './dto/contact.input';
import { ContactConnection, ContactModel } from './models/contact.model';
import { toContactModel } from './contact.mapper';

@Resolver(() => ContactModel)
export class ContactsResolver {
  constructor(private readonly contactsService: ContactsService) {}

  @Query(() => ContactModel)
  @RequireScope(Scope.READ_CONTACTS)
  async contact(@Ctx() ctx: RequestContext, @Args() args: ContactArgs): Promise<ContactModel> {
    return toContactModel(await this.contactsService.get(ctx, args.orgId, args.id));
  }

  @Query(() => ContactConnection)
  @RequireScope(Scope.READ_CONTACTS)
  async contacts(@Ctx() ctx: RequestContext, @Args() args: ContactsArgs) {
    const page = await this.contactsService.list(ctx, args);
    return mapConnection(page, toContactModel);
  }

  @Mutation(() => ContactModel)
  @RequireScope(Scope.WRITE_CONTACTS)
  async createContact(@Ctx() ctx: RequestContext, @Args('input') input: CreateContactInput): Promise<ContactModel> {
    return toContactModel(await this.contactsService.create(ctx, input));
  }

  @Mutation(() => ContactModel)
  @RequireScope(Scope.WRITE_CONTACTS)
  async updateContact(@Ctx() ctx: RequestContext, @Args('input') input: UpdateContactInput): Promise<ContactModel> {
    return toContactModel(await this.contactsService.update(ctx, input));
  }

  @Mutation(() => ContactModel)
  @RequireScope(Scope.WRITE_CONTACTS)
  async deleteContact(@Ctx() ctx: RequestContext, @Args('input') input: DeleteContactInput): Promise<ContactModel> {
    return toContactModel(await this.contactsService.delete(ctx, input));
  }
}
