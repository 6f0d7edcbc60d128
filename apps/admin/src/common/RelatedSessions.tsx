import { DataTable, Pagination, ReferenceManyField } from 'react-admin';
import type { PaymentSession } from '../dataProvider';
import { StatusChip } from '../payment-sessions/StatusChip';
import { Money } from './Money';
import { DateTime } from './DateTime';

const Column = DataTable.Col<PaymentSession>;

/** The payment sessions that point at the current record through `target` (orgId, contactId…). */
export const RelatedSessions = ({ target }: { target: string }) => (
  <ReferenceManyField reference="payment-sessions" target={target} sort={{ field: 'createdAt', order: 'DESC' }} perPage={10} pagination={<Pagination rowsPerPageOptions={[10]} />}>
    <DataTable<PaymentSession> rowClick="show" bulkActionButtons={false}>
      <Column source="id" label="Session" disableSort render={(s) => <code>{s.id}</code>} />
      <Column source="status" label="Status" disableSort render={(s) => <StatusChip status={s.status} />} />
      <Column source="amount" label="Amount" disableSort align="right" render={(s) => <Money amount={s.amount} currency={s.currency} />} />
      <Column source="createdAt" label="Created" disableSort render={(s) => <DateTime compact value={s.createdAt} />} />
    </DataTable>
  </ReferenceManyField>
);
