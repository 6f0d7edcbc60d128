import { type Theme, useMediaQuery } from '@mui/material';
import { AutocompleteInput, DataTable, List, ReferenceInput, SearchInput, SimpleList } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import { RecordName } from '../common/RecordName';
import { spreadsheetSafeExporter } from '../common/spreadsheetSafeExporter';
import type { Contact } from '../dataProvider';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or email starts with" slotProps={{ htmlInput: { 'aria-label': 'Search contacts' } }} />,
  <ReferenceInput key="orgId" source="orgId" reference="organizations" label="Organization" alwaysOn>
    <AutocompleteInput label="Organization" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

const Column = DataTable.Col<Contact>;

/** Contacts of every organization (read-only), each with its organization's name; on a phone a compact list. */
export const ContactList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} exporter={spreadsheetSafeExporter} pagination={<CappedPagination />} title="Contacts" sort={{ field: 'createdAt', order: 'DESC' }} sx={{ minWidth: 0, maxWidth: '100%', '& .RaList-main': { minWidth: 0 } }}>
      {phone ? (
        <SimpleList<Contact>
          rowClick="show"
          primaryText={(c) => <span data-testid="record-row">{c.name}</span>}
          secondaryText={(c) => c.email ?? c.phone ?? ''}
          tertiaryText={() => <RecordName source="orgId" reference="organizations" maxWidth={140} testId="contact-org" />}
        />
      ) : (
        <DataTable<Contact> rowClick="show" bulkActionButtons={false}>
          <Column source="name" label="Name" disableSort />
          <Column source="email" label="Email" disableSort />
          <Column source="phone" label="Phone" disableSort />
          <Column source="orgId" label="Organization" disableSort>
            <RecordName source="orgId" reference="organizations" maxWidth={220} testId="contact-org" />
          </Column>
          <Column source="createdAt" label="Created" disableSort render={(c) => <DateTime compact value={c.createdAt} />} />
        </DataTable>
      )}
    </List>
  );
};
