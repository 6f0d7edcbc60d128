import { ContactEntity } from './contact.entity';
import { ContactModel } from './models/contact.model';

export function toContactModel(contact: ContactEntity): ContactModel {
  return {
    orgId: contact.orgId,
    id: contact.id,
    name: contact.name,
    givenName: contact.givenName,
    familyName: contact.familyName,
    email: contact.email,
    phone: contact.phone,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}
