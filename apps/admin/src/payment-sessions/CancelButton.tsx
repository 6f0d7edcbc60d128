import CancelIcon from '@mui/icons-material/Cancel';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { AdminDataProvider, PaymentSession } from '../dataProvider';
import { useCanCancel } from '../roles';
import { CancelReasonDialog } from './CancelReasonDialog';

/**
 * The cancel verb on a session's page: asks for the reason, cancels, notifies and refreshes.
 * Renders nothing for viewers and for sessions that are not Active (the API refuses those
 * anyway; hiding the button keeps staff from trying).
 */
export const CancelButton = () => {
  const session = useRecordContext<PaymentSession>();
  const canCancel = useCanCancel();
  const dataProvider = useDataProvider<AdminDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!session || !canCancel || session.status !== 'Active') return null;

  const cancel = async (reason: string) => {
    setBusy(true);
    try {
      await dataProvider.cancelPaymentSession(session.id, reason);
      notify('Payment session canceled', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify((error as Error).message || 'The session could not be canceled', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="Cancel session" color="error" onClick={() => setOpen(true)} aria-label="Cancel payment session" data-testid="cancel-session">
        <CancelIcon />
      </Button>
      {open && <CancelReasonDialog open count={1} busy={busy} onClose={() => setOpen(false)} onConfirm={cancel} />}
    </>
  );
};
