import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('ApiKey', { description: 'The API key making the request.' })
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field(() => [String], { description: 'Granted scopes, with the reads their writes imply' })
  scopes: string[];
}
