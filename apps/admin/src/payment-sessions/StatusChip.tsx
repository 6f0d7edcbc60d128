import { Chip, type ChipProps } from '@mui/material';
import type { PaymentSessionStatus } from '../dataProvider';

const COLORS: Record<PaymentSessionStatus, ChipProps['color']> = {
  Active: 'info',
  Pending: 'warning',
  Completed: 'success',
  Canceled: 'default',
  Expired: 'default',
  Rejected: 'error',
};

export const StatusChip = ({ status }: { status: PaymentSessionStatus }) => (
  <Chip size="small" label={status} color={COLORS[status] ?? 'default'} variant={status === 'Active' || status === 'Pending' ? 'outlined' : 'filled'} data-testid="session-status" />
);
