import CancelIcon from '@mui/icons-material/Cancel';
import { useState } from 'react';
import { Button, useRecordContext } from 'react-admin';
import type { PaymentSession } from '../dataProvider';
import { CancelReasonDialog } from './CancelReasonDialog';
import { useVerb } from './useVerb';

/**
 * The cancel verb on a session's page: asks for the reason, cancels, notifies and refreshes.
 * Renders nothing unless the API says the signed-in member may cancel this session
 * (`canCancel`: the transition table and the member's role).
 */
export const CancelButton = () => {
  const session = useRecordContext<PaymentSession>();
  const [open, setOpen] = useState(false);
  const { busy, invoke } = useVerb(async (dataProvider, id: string, reason: string) => {
    await dataProvider.cancelPaymentSession(id, reason);
    return { message: 'Payment session canceled' };
  }, 'The session could not be canceled');

  if (!session?.canCancel) return null;

  const cancel = async (reason: string) => {
    if (await invoke(session.id, reason)) setOpen(false);
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
