import { Field, ID, ObjectType } from '@nestjs/graphql';
import { adminOnly } from '../admin-schema.module';
import { PageType } from './page.model';

@ObjectType('Organization', { ...adminOnly, description: 'A merchant organization.' })
export class OrganizationModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const OrganizationPage = PageType(OrganizationModel, 'Organization');
