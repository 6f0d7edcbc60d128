import { type Theme, useMediaQuery } from '@mui/material';
import { AutocompleteInput, DataTable, List, ReferenceInput, SimpleList } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import { RecordName } from '../common/RecordName';
import { spreadsheetSafeExporter } from '../common/spreadsheetSafeExporter';
import type { CheckoutConfiguration } from '../dataProvider';

const filters = [
  <ReferenceInput key="orgId" source="orgId" reference="organizations" label="Organization" alwaysOn>
    <AutocompleteInput label="Organization" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

const Column = DataTable.Col<CheckoutConfiguration>;

/** Checkout configurations of every organization (read-only), each with its organization's name; on a phone a compact list. */
export const CheckoutConfigurationList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} exporter={spreadsheetSafeExporter} pagination={<CappedPagination />} title="Checkout configurations" sort={{ field: 'createdAt', order: 'DESC' }} sx={{ minWidth: 0, maxWidth: '100%', '& .RaList-main': { minWidth: 0 } }}>
      {phone ? (
        <SimpleList<CheckoutConfiguration>
          rowClick="show"
          primaryText={(c) => <span data-testid="record-row">{c.name}</span>}
          secondaryText={() => <RecordName source="orgId" reference="organizations" maxWidth={220} testId="configuration-org" />}
          tertiaryText={(c) => (c.isDefault ? 'Default' : '')}
        />
      ) : (
        <DataTable<CheckoutConfiguration> rowClick="show" bulkActionButtons={false}>
          <Column source="name" label="Name" disableSort />
          <Column source="isDefault" label="Default" disableSort render={(c) => (c.isDefault ? 'Default' : '')} />
          <Column source="layoutTemplate" label="Layout" disableSort />
          <Column source="paymentMethods" label="Payment methods" disableSort render={(c) => c.paymentMethods.join(', ')} />
          <Column source="orgId" label="Organization" disableSort>
            <RecordName source="orgId" reference="organizations" maxWidth={220} testId="configuration-org" />
          </Column>
          <Column source="createdAt" label="Created" disableSort render={(c) => <DateTime compact value={c.createdAt} />} />
        </DataTable>
      )}
    </List>
  );
};
