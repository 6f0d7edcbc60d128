import { Chip, type ChipProps } from '@mui/material';
import type { PaymentSessionStatus } from '../dataProvider';

/**
 * How each status looks: a colour, and an outline for the ones still under way. Display only;
 * what a status allows is the API's to say (canCancel, nextStatuses).
 */
const LOOK: Record<PaymentSessionStatus, { color: ChipProps['color']; variant: ChipProps['variant'] }> = {
  Active: { color: 'info', variant: 'outlined' },
  Pending: { color: 'warning', variant: 'outlined' },
  Completed: { color: 'success', variant: 'filled' },
  Canceled: { color: 'default', variant: 'filled' },
  Expired: { color: 'default', variant: 'filled' },
  Rejected: { color: 'error', variant: 'filled' },
};

export const StatusChip = ({ status }: { status: PaymentSessionStatus }) => (
  <Chip size="small" label={status} color={LOOK[status]?.color ?? 'default'} variant={LOOK[status]?.variant ?? 'filled'} data-testid="session-status" />
);
