import { Box, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput, DataTable, DateInput, FilterButton, List, ReferenceInput, SearchInput, SelectArrayInput, SimpleList, TopToolbar, useGetOne, useListContext,
} from 'react-admin';
import { ActiveFilters, ClearSelectionOnFilterChange, type FilterDescription } from '../common/ActiveFilters';
import { CappedPagination } from '../common/CappedPagination';
import { DateTime } from '../common/DateTime';
import { Money } from '../common/Money';
import { TruncatedText } from '../common/TruncatedText';
import { PAYMENT_SESSION_STATUSES, type Organization, type PaymentSession } from '../dataProvider';
import { BulkCancelButton } from './BulkCancelButton';
import { customerLabel, customerOf } from './customer';
import { ExportSessionsButton } from './ExportSessionsButton';
import { StatusChip } from './StatusChip';

/** How the search box matches, in the words the empty result uses (README, "Finding sessions"). */
export const SEARCH_HOW = 'A transaction ref matches from its start, letter for letter (case counts); a customer email from its start, in any case; a session id only whole.';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Start of a transaction ref or email, or a session id"
    sx={{ minWidth: { xs: 0, sm: 320 } }}
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
    <ExportSessionsButton />
  </TopToolbar>
);

/** The filters in words, the organization by its name. */
function useFilterWords(): (values: Record<string, unknown>) => FilterDescription[] {
  const { filterValues } = useListContext();
  const orgId = typeof filterValues?.orgId === 'string' ? filterValues.orgId : undefined;
  const { data: org } = useGetOne<Organization>('organizations', { id: orgId ?? '' }, { enabled: !!orgId });
  return (values) => {
    const words: FilterDescription[] = [];
    if (typeof values.q === 'string' && values.q.trim()) words.push({ label: 'search', value: `“${values.q.trim()}”` });
    if (Array.isArray(values.status) && values.status.length) words.push({ label: 'status', value: values.status.join(', ') });
    if (orgId) words.push({ label: 'organization', value: org?.name ?? orgId });
    if (typeof values.createdFrom === 'string' && values.createdFrom) words.push({ label: 'created from', value: values.createdFrom });
    if (typeof values.createdUntil === 'string' && values.createdUntil) words.push({ label: 'created until', value: values.createdUntil });
    for (const key of ['contactId', 'checkoutConfigurationId']) if (typeof values[key] === 'string' && values[key]) words.push({ label: key, value: String(values[key]) });
    return words;
  };
}

const FilterBanner = () => <ActiveFilters describe={useFilterWords()} />;

/** No rows: say what was searched, how, and with which other filters. */
const NoSessions = () => {
  const { filterValues } = useListContext();
  const words = useFilterWords()(filterValues ?? {});
  const q = typeof filterValues?.q === 'string' ? filterValues.q.trim() : '';
  const others = words.filter((w) => w.label !== 'search');
  return (
    <Box sx={{ p: 2 }} data-testid="sessions-empty">
      <Typography variant="body2">
        {q ? `No sessions whose reference or customer email starts with “${q}”.` : 'No payment sessions.'}
      </Typography>
      {q ? (
        <Typography variant="body2" color="text.secondary" data-testid="sessions-empty-how">
          {SEARCH_HOW}
        </Typography>
      ) : null}
      {others.length ? (
        <Typography variant="body2" color="text.secondary">
          Also filtered by {others.map((w) => `${w.label} ${w.value}`).join('; ')}.
        </Typography>
      ) : null}
    </Box>
  );
};

const Column = DataTable.Col<PaymentSession>;

/** A phone's list: amount and status, then the customer, then when. */
const CompactList = () => (
  <SimpleList<PaymentSession>
    rowClick="show"
    data-testid="sessions-compact"
    empty={<NoSessions />}
    primaryText={(s) => (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }} data-testid="compact-session">
        <Money amount={s.amount} currency={s.currency} />
        <StatusChip status={s.status} />
      </Stack>
    )}
    secondaryText={(s) => (
      <Box component="span" sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid="compact-customer" title={customerLabel(s) ?? undefined}>
        {customerLabel(s) ?? 'No customer given'} · {s.organization?.name ?? s.orgId}
      </Box>
    )}
    tertiaryText={(s) => <DateTime value={s.createdAt} compact />}
  />
);

/**
 * The rows, selectable only when the API says the signed-in member may cancel one of them
 * (`canCancel`): a viewer gets no checkboxes at all.
 */
const SessionsTable = () => {
  const { data } = useListContext<PaymentSession>();
  const cancelable = data?.some((session) => session.canCancel) ?? false;
  return (
    <DataTable<PaymentSession>
      rowClick="show"
      bulkActionButtons={cancelable ? <BulkCancelButton /> : false}
      empty={<NoSessions />}
      data-testid="sessions-table"
      // Eight columns fit a 1,440 px window beside the menu, Created whole, with half the
      // default gap between them (MUI pads each cell 16 px on both sides).
      sx={{ '& .MuiTableCell-root:not(.MuiTableCell-paddingCheckbox)': { px: 1 } }}
    >
      <Column source="id" label="Session" disableSort render={(s) => <TruncatedText code value={s.id} label="Session id" maxWidth={230} testId="session-id" />} />
      <Column
        source="organization"
        label="Organization"
        disableSort
        render={(s) => <TruncatedText value={s.organization?.name ?? s.orgId} label="Organization" maxWidth={150} copy={false} testId="session-org" />}
      />
      <Column source="customer" label="Customer" disableSort render={(s) => <Customer session={s} />} />
      <Column source="status" label="Status" render={(s) => <StatusChip status={s.status} />} />
      <Column source="amount" label="Amount" align="right" render={(s) => <Money amount={s.amount} currency={s.currency} />} />
      <Column source="transactionRef" label="Transaction ref" disableSort render={(s) => <TruncatedText value={s.transactionRef} label="Transaction ref" maxWidth={170} testId="session-ref" />} />
      <Column source="createdAt" label="Created" render={(s) => <DateTime compact value={s.createdAt} />} />
    </DataTable>
  );
};

/** Every org's sessions, newest first; search, filter, sort by created/amount/status. */
export const PaymentSessionList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={filters}
      actions={<Actions />}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      pagination={<CappedPagination />}
      title="Payment sessions"
      // The list never grows wider than the window: a long value is cut in its cell, and
      // anything still too wide scrolls inside the table, under the bulk actions.
      sx={{ minWidth: 0, maxWidth: '100%', '& .RaList-main': { minWidth: 0 }, '& .RaDataTable-tableWrapper': { overflowX: 'auto' } }}
    >
      <FilterBanner />
      <ClearSelectionOnFilterChange />
      {phone ? <CompactList /> : <SessionsTable />}
    </List>
  );
};

/** The customer's name (or email) on one line, both on hover. */
const Customer = ({ session }: { session: PaymentSession }) => {
  const customer = customerOf(session);
  if (!customer) return <>—</>;
  const full = [customer.name, customer.email].filter(Boolean).join(' · ');
  return (
    <Box sx={{ maxWidth: 170, minWidth: 0 }} title={full} data-testid="session-customer">
      <Box sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{customer.name ?? customer.email}</Box>
      {customer.name && customer.email ? (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {customer.email}
        </Typography>
      ) : null}
    </Box>
  );
};
