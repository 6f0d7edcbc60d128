import { AutocompleteInput, DataTable, List, ReferenceInput } from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import type { CheckoutConfiguration } from '../dataProvider';

const filters = [
  <ReferenceInput key="orgId" source="orgId" reference="organizations" label="Organization" alwaysOn>
    <AutocompleteInput label="Organization" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

const Column = DataTable.Col<CheckoutConfiguration>;

/** Checkout configurations of every organization (read-only). */
export const CheckoutConfigurationList = () => (
  <List filters={filters} pagination={<CappedPagination />} title="Checkout configurations" sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<CheckoutConfiguration> rowClick="show" bulkActionButtons={false}>
      <Column source="name" label="Name" disableSort />
      <Column source="isDefault" label="Default" disableSort render={(c) => (c.isDefault ? 'Default' : '')} />
      <Column source="layoutTemplate" label="Layout" disableSort />
      <Column source="paymentMethods" label="Payment methods" disableSort render={(c) => c.paymentMethods.join(', ')} />
      <Column source="orgId" label="Organization" disableSort render={(c) => <code>{c.orgId}</code>} />
      <Column source="createdAt" label="Created" disableSort render={(c) => <DateTime compact value={c.createdAt} />} />
    </DataTable>
  </List>
);
