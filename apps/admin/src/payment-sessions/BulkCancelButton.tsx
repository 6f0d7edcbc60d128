import CancelIcon from '@mui/icons-material/Cancel';
import { Alert, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, useGetMany, useListContext, useUnselectAll } from 'react-admin';
import { Money } from '../common/Money';
import type { PaymentSession } from '../dataProvider';
import { bulkCancelSummary } from './bulkCancelSummary';
import { CancelReasonDialog } from './CancelReasonDialog';
import { StatusChip } from './StatusChip';
import { useVerb } from './useVerb';

/**
 * Every session the bulk cancel will send, read afresh by id (not from the rows on screen), so
 * that the confirmation names each one: id, reference, amount, organization, status. A selected
 * session the list does not show right now (another page) is marked as such.
 */
const SelectedSessions = ({ ids, shown }: { ids: string[]; shown: Set<string> }) => {
  const { data, isPending, error } = useGetMany<PaymentSession>('payment-sessions', { ids });
  if (isPending) return <Typography variant="body2">Reading the selected sessions…</Typography>;
  if (error || !data) return <Alert severity="error">The selected sessions could not be read; nothing will be canceled without them.</Alert>;
  const hidden = ids.filter((id) => !shown.has(id)).length;
  return (
    <>
      {hidden ? (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="selection-hidden">
          {hidden} of them {hidden === 1 ? 'is' : 'are'} not on the page you are looking at.
        </Alert>
      ) : null}
      <TableContainer sx={{ maxHeight: 320, mb: 2 }}>
        <Table size="small" stickyHeader aria-label="Sessions to cancel" data-testid="cancel-list">
          <TableHead>
            <TableRow>
              <TableCell>Session</TableCell>
              <TableCell>Reference</TableCell>
              <TableCell align="right">Amount</TableCell>
              <TableCell>Organization</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((s) => (
              <TableRow key={s.id} data-testid="cancel-list-row">
                <TableCell>
                  <code data-testid="cancel-list-id">{s.id}</code>
                  {!shown.has(s.id) && (
                    <Typography variant="caption" color="warning.main" component="div">
                      not shown now
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere', maxWidth: 200 }}>{s.transactionRef ?? '—'}</TableCell>
                <TableCell align="right">
                  <Money amount={s.amount} currency={s.currency} />
                </TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere', maxWidth: 160 }}>{s.organization?.name ?? s.orgId}</TableCell>
                <TableCell>
                  <StatusChip status={s.status} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
};

/**
 * The cancel verb on the selected rows of the list (the list offers selection only when the API
 * says the signed-in member may cancel a row: `canCancel`). The dialog lists every selected
 * session before anything happens; the API cancels each one it still can and reports the others;
 * the notification says how many were canceled and names those that were not, with the API's reason.
 */
export const BulkCancelButton = () => {
  const { selectedIds, data } = useListContext<PaymentSession>();
  const unselectAll = useUnselectAll('payment-sessions');
  const [open, setOpen] = useState(false);
  const { busy, invoke } = useVerb(async (dataProvider, ids: string[], reason: string) => {
    const outcomes = await dataProvider.cancelPaymentSessions(ids, reason);
    unselectAll();
    const { message, partial } = bulkCancelSummary(outcomes);
    // A partial result names the sessions left as they were, so it stays until it is read.
    return partial ? { message, type: 'warning' as const, lasting: true } : { message };
  }, 'The sessions could not be canceled');

  if (!selectedIds.length) return null;
  const ids = selectedIds.map(String);

  const cancel = async (reason: string) => {
    if (await invoke(ids, reason)) setOpen(false);
  };

  return (
    <>
      <Button label="Cancel sessions" color="error" onClick={() => setOpen(true)} aria-label="Cancel selected payment sessions" data-testid="bulk-cancel">
        <CancelIcon />
      </Button>
      {open && (
        <CancelReasonDialog open count={ids.length} busy={busy} onClose={() => setOpen(false)} onConfirm={cancel}>
          <SelectedSessions ids={ids} shown={new Set((data ?? []).map((s) => String(s.id)))} />
        </CancelReasonDialog>
      )}
    </>
  );
};
