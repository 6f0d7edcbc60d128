import { type Theme, useMediaQuery } from '@mui/material';
import { DataTable, List, SearchInput, SimpleList } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import { spreadsheetSafeExporter } from '../common/spreadsheetSafeExporter';
import type { Organization } from '../dataProvider';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Name or id" slotProps={{ htmlInput: { 'aria-label': 'Search organizations' } }} />];

const Column = DataTable.Col<Organization>;

/** Every organization (read-only); on a phone a compact list (name, id, created), as contacts have. */
export const OrganizationList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} exporter={spreadsheetSafeExporter} pagination={<CappedPagination />} title="Organizations" sort={{ field: 'createdAt', order: 'DESC' }} sx={{ minWidth: 0, maxWidth: '100%', '& .RaList-main': { minWidth: 0 } }}>
      {phone ? (
        <SimpleList<Organization>
          rowClick="show"
          primaryText={(o) => <span data-testid="record-row">{o.name}</span>}
          secondaryText={(o) => <code style={{ overflowWrap: 'anywhere' }}>{o.id}</code>}
          tertiaryText={(o) => <DateTime compact value={o.createdAt} />}
        />
      ) : (
        <DataTable<Organization> rowClick="show" bulkActionButtons={false}>
          <Column source="name" label="Name" disableSort />
          <Column source="id" label="Id" disableSort render={(o) => <code>{o.id}</code>} />
          <Column source="createdAt" label="Created" disableSort render={(o) => <DateTime compact value={o.createdAt} />} />
        </DataTable>
      )}
    </List>
  );
};
