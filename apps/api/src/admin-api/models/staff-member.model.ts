import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { StaffRole } from '@paysession/staff';
import { adminOnly } from '../admin-schema.module';
import { PageType } from './page.model';

registerEnumType(StaffRole, {
  ...adminOnly,
  name: 'StaffRole',
  description: 'viewer reads; operator also cancels payment sessions; admin also manages staff',
});

@ObjectType('StaffMember', { ...adminOnly, description: 'A staff account of the console.' })
export class StaffMemberModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => StaffRole)
  role: StaffRole;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set once the account is switched off' })
  deactivatedAt: Date | null;
}

export const StaffMemberPage = PageType(StaffMemberModel, 'StaffMember');
