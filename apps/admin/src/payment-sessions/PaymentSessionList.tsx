import {
  AutocompleteInput, DataTable, DateInput, FilterButton, List, ReferenceInput, SearchInput, SelectArrayInput, TopToolbar,
} from 'react-admin';
import { CappedPagination } from '../common/CappedPagination';
import { Money } from '../common/Money';
import { RelativeTime } from '../common/RelativeTime';
import { PAYMENT_SESSION_STATUSES, type PaymentSession } from '../dataProvider';
import { useCanCancel } from '../roles';
import { BulkCancelButton } from './BulkCancelButton';
import { StatusChip } from './StatusChip';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Session id, transaction ref or email"
    sx={{ minWidth: 320 }}
    slotProps={{ htmlInput: { 'aria-label': 'Search payment sessions' } }}
  />,
  <SelectArrayInput
    key="status"
    source="status"
    label="Status"
    alwaysOn
    choices={PAYMENT_SESSION_STATUSES.map((s) => ({ id: s, name: s }))}
    sx={{ minWidth: 180 }}
    data-testid="filter-status"
  />,
  <ReferenceInput key="orgId" source="orgId" reference="organizations" label="Organization">
    <AutocompleteInput label="Organization" optionText="name" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
  <DateInput key="createdFrom" source="createdFrom" label="Created from" />,
  <DateInput key="createdUntil" source="createdUntil" label="Created until" />,
];

const Actions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

const Column = DataTable.Col<PaymentSession>;

/** Every org's sessions, newest first; search, filter, sort by created/amount/status. */
export const PaymentSessionList = () => {
  const canCancel = useCanCancel();
  return (
    <List
      filters={filters}
      actions={<Actions />}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      pagination={<CappedPagination />}
      title="Payment sessions"
    >
      <DataTable<PaymentSession> rowClick="show" bulkActionButtons={canCancel ? <BulkCancelButton /> : false} data-testid="sessions-table">
        <Column source="id" label="Session" disableSort render={(s) => <code data-testid="session-id">{s.id}</code>} />
        <Column source="organization" label="Organization" disableSort render={(s) => s.organization?.name ?? s.orgId} />
        <Column source="status" label="Status" render={(s) => <StatusChip status={s.status} />} />
        <Column source="amount" label="Amount" align="right" render={(s) => <Money amount={s.amount} currency={s.currency} />} />
        <Column source="transactionRef" label="Transaction ref" disableSort render={(s) => s.transactionRef ?? '—'} />
        <Column source="createdAt" label="Created" render={(s) => <RelativeTime value={s.createdAt} />} />
        <Column source="expirationDate" label="Expires" disableSort render={(s) => <RelativeTime value={s.expirationDate} />} />
      </DataTable>
    </List>
  );
};
