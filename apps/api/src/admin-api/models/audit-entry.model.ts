import { Field, ID, ObjectType } from '@nestjs/graphql';
import { adminOnly } from '../admin-schema.module';
import { PageType } from './page.model';

@ObjectType('StaffAuditEntry', { ...adminOnly, description: 'One thing a staff member did.' })
export class StaffAuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  staffId: string;

  @Field({ description: 'payment_session.cancel, staff.login, staff.create, staff.change_role or staff.deactivate' })
  action: string;

  @Field(() => ID)
  targetId: string;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => Date)
  at: Date;
}

export const StaffAuditEntryPage = PageType(StaffAuditEntryModel, 'StaffAuditEntry');
