import { UseGuards } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, StaffApi } from '@paysession/common';
import { ApiKeysService } from '@paysession/organizations';
import { PartnersService } from '@paysession/partners';
import { StaffGuard, StaffService } from '@paysession/staff';
import { AdminGqlContext } from './admin-context';
import { AdminEventActorModel, AdminPaymentSessionEventModel } from './models/admin-payment-session.model';

/**
 * Who made each change of a session's timeline, in words: each name is asked of its own domain
 * (staff accounts, partners, API keys) through a request-scoped batch loader, so a timeline of
 * any length costs one query per kind of actor in it.
 */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => AdminPaymentSessionEventModel)
export class AdminPaymentSessionEventsResolver {
  constructor(
    private readonly staff: StaffService,
    private readonly partners: PartnersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @ResolveField(() => AdminEventActorModel, { description: 'Who made the change (actor), named' })
  async by(@Ctx() ctx: RequestContext, @Parent() event: AdminPaymentSessionEventModel, @Context() { req }: AdminGqlContext): Promise<AdminEventActorModel> {
    const separator = event.actor.indexOf(':');
    const kind = separator < 0 ? event.actor : event.actor.slice(0, separator);
    const id = separator < 0 ? null : event.actor.slice(separator + 1);
    const named = (name: string | null, keyPrefix: string | null = null) => ({ kind, id, name, keyPrefix });
    if (!id) return named(null);
    switch (kind) {
      case 'staff':
        return named(await this.staff.emails(req).load(id));
      case 'partner':
        return named(await this.partners.names(req).load(id));
      case 'merchant': {
        const key = await this.apiKeys.names(ctx, req).load(id);
        // Only a key of the session's own organization names a change of it.
        return key && key.orgId === event.orgId ? named(key.label, key.label ? null : key.keyPrefix) : named(null);
      }
      default:
        return named(null);
    }
  }
}
