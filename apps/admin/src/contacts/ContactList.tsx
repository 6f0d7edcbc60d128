import { AutocompleteInput, DataTable, List, ReferenceInput, SearchInput } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import type { Contact } from '../dataProvider';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or email starts with" slotProps={{ htmlInput: { 'aria-label': 'Search contacts' } }} />,
  <ReferenceInput key="orgId" source="orgId" reference="organizations" label="Organization" alwaysOn>
    <AutocompleteInput label="Organization" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

const Column = DataTable.Col<Contact>;

/** Contacts of every organization (read-only). */
export const ContactList = () => (
  <List filters={filters} pagination={<CappedPagination />} title="Contacts" sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<Contact> rowClick="show" bulkActionButtons={false}>
      <Column source="name" label="Name" disableSort />
      <Column source="email" label="Email" disableSort />
      <Column source="phone" label="Phone" disableSort />
      <Column source="orgId" label="Organization" disableSort render={(c) => <code>{c.orgId}</code>} />
      <Column source="createdAt" label="Created" disableSort render={(c) => <DateTime compact value={c.createdAt} />} />
    </DataTable>
  </List>
);
