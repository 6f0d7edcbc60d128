import { CardContent } from '@mui/material';
import { Show, useRecordContext } from 'react-admin';
import { Detail, Section } from '../common/Detail';
import { RelatedSessions } from '../common/RelatedSessions';
import { DateTime } from '../common/DateTime';
import type { Contact } from '../dataProvider';
import { RecordName } from '../common/RecordName';

const ContactPage = () => {
  const contact = useRecordContext<Contact>();
  if (!contact) return null;
  return (
    <CardContent>
      <Section title="Contact">
        <Detail label="Name">{contact.name}</Detail>
        <Detail label="Given name">{contact.givenName}</Detail>
        <Detail label="Family name">{contact.familyName}</Detail>
        <Detail label="Email">{contact.email}</Detail>
        <Detail label="Phone">{contact.phone}</Detail>
        <Detail label="Organization">
          <RecordName source="orgId" reference="organizations" />
        </Detail>
        <Detail label="Created">
          <DateTime value={contact.createdAt} />
        </Detail>
        <Detail label="Updated">
          <DateTime value={contact.updatedAt} />
        </Detail>
      </Section>
      <Section title="Payment sessions">
        <RelatedSessions target="contactId" />
      </Section>
    </CardContent>
  );
};

const ContactTitle = () => <>Contact {useRecordContext<Contact>()?.name ?? ''}</>;

export const ContactShow = () => (
  <Show title={<ContactTitle />}>
    <ContactPage />
  </Show>
);
