import { Query, Resolver } from '@nestjs/graphql';
import { AnyScope, Ctx, RequestContext } from '@paysession/common';
import { ApiKeyModel } from './api-key.model';

@Resolver(() => ApiKeyModel)
export class ApiKeyResolver {
  @Query(() => ApiKeyModel, { description: 'Who am I: the calling key, its org and scopes. Any valid key may ask.' })
  @AnyScope()
  apiKey(@Ctx() ctx: RequestContext): ApiKeyModel {
    return { id: ctx.apiKeyId, orgId: ctx.orgId, scopes: [...ctx.scopes].sort() };
  }
}
