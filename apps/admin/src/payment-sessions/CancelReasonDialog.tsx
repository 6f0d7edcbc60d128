import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';

const MAX_REASON = 500;

/**
 * Asks why before anything is canceled: the reason is required, and it is kept on the session's
 * event and in the audit log.
 */
export const CancelReasonDialog = ({
  open,
  count,
  busy,
  onClose,
  onConfirm,
  children,
}: {
  open: boolean;
  /** How many sessions the cancel applies to. */
  count: number;
  busy: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  /** What will be canceled, shown above the reason. */
  children?: ReactNode;
}) => {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  const what = count === 1 ? 'this payment session' : `${count} payment sessions`;
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby="cancel-dialog-title" fullWidth maxWidth={children ? 'md' : 'sm'} data-testid="cancel-dialog">
      <DialogTitle id="cancel-dialog-title">Cancel {what}?</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          The customer can no longer pay {count === 1 ? 'it' : 'them'}, and the merchant is notified. A session that can no longer be canceled is left as it is. This cannot be undone.
        </DialogContentText>
        {children}
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          label="Reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          helperText={`Required. Kept on the session's timeline and in the audit log (${trimmed.length}/${MAX_REASON}).`}
          slotProps={{ htmlInput: { 'aria-label': 'Cancellation reason', maxLength: MAX_REASON } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy} aria-label="Keep the session">
          Keep
        </Button>
        <Button
          color="error"
          variant="contained"
          disabled={busy || !trimmed}
          onClick={() => onConfirm(trimmed)}
          aria-label="Confirm cancel"
          data-testid="confirm-cancel"
        >
          Cancel {count === 1 ? 'session' : 'sessions'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
