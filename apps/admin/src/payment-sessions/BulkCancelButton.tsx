import CancelIcon from '@mui/icons-material/Cancel';
import { useState } from 'react';
import { Button, useDataProvider, useListContext, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { useCanCancel } from '../roles';
import { CancelReasonDialog } from './CancelReasonDialog';

/**
 * The cancel verb on the selected rows of the list. The API cancels each session that is still
 * Active and reports the others; the notification says how many were canceled. Renders nothing
 * for viewers.
 */
export const BulkCancelButton = () => {
  const { selectedIds } = useListContext();
  const canCancel = useCanCancel();
  const dataProvider = useDataProvider<AdminDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('payment-sessions');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!canCancel || !selectedIds.length) return null;

  const cancel = async (reason: string) => {
    setBusy(true);
    try {
      const outcomes = await dataProvider.cancelPaymentSessions(selectedIds.map(String), reason);
      const canceled = outcomes.filter((o) => o.canceled).length;
      const skipped = outcomes.length - canceled;
      notify(skipped ? `Canceled ${canceled} of ${outcomes.length} sessions; ${skipped} could not be (not Active)` : `Canceled ${canceled} payment session${canceled === 1 ? '' : 's'}`, {
        type: skipped ? 'warning' : 'success',
      });
      setOpen(false);
      unselectAll();
      refresh();
    } catch (error) {
      notify((error as Error).message || 'The sessions could not be canceled', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="Cancel sessions" color="error" onClick={() => setOpen(true)} aria-label="Cancel selected payment sessions" data-testid="bulk-cancel">
        <CancelIcon />
      </Button>
      {open && <CancelReasonDialog open count={selectedIds.length} busy={busy} onClose={() => setOpen(false)} onConfirm={cancel} />}
    </>
  );
};
