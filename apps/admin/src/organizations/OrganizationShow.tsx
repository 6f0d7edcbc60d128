import { DataTable, ReferenceManyField, Show, TabbedShowLayout, useRecordContext } from 'react-admin';
import { Detail, Section } from '../common/Detail';
import { RelatedSessions } from '../common/RelatedSessions';
import { DateTime } from '../common/DateTime';
import type { CheckoutConfiguration, Contact, Organization } from '../dataProvider';

const Summary = () => {
  const org = useRecordContext<Organization>();
  if (!org) return null;
  return (
    <Section title="Organization">
      <Detail label="Name">{org.name}</Detail>
      <Detail label="Id">
        <code>{org.id}</code>
      </Detail>
      <Detail label="Created">
        <DateTime value={org.createdAt} />
      </Detail>
    </Section>
  );
};

const OrgTitle = () => <>Organization {useRecordContext<Organization>()?.name ?? ''}</>;

/** An organization with its sessions, contacts and checkout configurations. */
export const OrganizationShow = () => (
  <Show title={<OrgTitle />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="Summary">
        <Summary />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="Payment sessions" path="sessions">
        <RelatedSessions target="orgId" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="Contacts" path="contacts">
        <ReferenceManyField reference="contacts" target="orgId" perPage={25}>
          <DataTable<Contact> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="name" label="Name" disableSort />
            <DataTable.Col source="email" label="Email" disableSort />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="Checkout configurations" path="checkout-configurations">
        <ReferenceManyField reference="checkout-configurations" target="orgId" perPage={25}>
          <DataTable<CheckoutConfiguration> rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="name" label="Name" disableSort />
            <DataTable.Col source="isDefault" label="Default" disableSort render={(c: CheckoutConfiguration) => (c.isDefault ? 'Yes' : '')} />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
