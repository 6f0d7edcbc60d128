import { Injectable, OnModuleInit } from '@nestjs/common';
import { invalidState } from '@paysession/common';
import { ContactEntity, ContactsService } from '@paysession/contacts';
import { EntityManager } from 'typeorm';
import { PaymentSessionEntity } from './payment-session.entity';
import { openStatuses } from './state-machine/transition-table';

/**
 * Refuses to delete a contact while an open payment session (one that can still be paid: the
 * transition table's non-final statuses) uses it. Runs in the delete's transaction, after the
 * contact row is locked, which orders it against a session being created for the contact.
 */
@Injectable()
export class ContactInUseCheck implements OnModuleInit {
  constructor(private readonly contacts: ContactsService) {}

  onModuleInit(): void {
    this.contacts.onDelete((manager, contact) => this.check(manager, contact));
  }

  private async check(manager: EntityManager, contact: ContactEntity): Promise<void> {
    const open = openStatuses();
    const inUse = await manager
      .createQueryBuilder(PaymentSessionEntity, 's')
      .select('s.id')
      .where('s.org_id = :orgId AND s.contact_id = :contactId AND s.status IN (:...open)', { orgId: contact.orgId, contactId: contact.id, open })
      .limit(1)
      .getRawOne();
    if (inUse) throw invalidState(`This contact is used by an open (${open.join(' or ')}) payment session and cannot be deleted`);
  }
}
