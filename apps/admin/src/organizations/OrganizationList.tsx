import { DataTable, List, SearchInput } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import { spreadsheetSafeExporter } from '../common/spreadsheetSafeExporter';
import type { Organization } from '../dataProvider';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Name or id" slotProps={{ htmlInput: { 'aria-label': 'Search organizations' } }} />];

const Column = DataTable.Col<Organization>;

export const OrganizationList = () => (
  <List filters={filters} exporter={spreadsheetSafeExporter} pagination={<CappedPagination />} title="Organizations" sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<Organization> rowClick="show" bulkActionButtons={false}>
      <Column source="name" label="Name" disableSort />
      <Column source="id" label="Id" disableSort render={(o) => <code>{o.id}</code>} />
      <Column source="createdAt" label="Created" disableSort render={(o) => <DateTime compact value={o.createdAt} />} />
    </DataTable>
  </List>
);
