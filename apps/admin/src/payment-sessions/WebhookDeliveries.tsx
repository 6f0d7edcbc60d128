import { Chip, type ChipProps, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { RelativeTime } from '../common/RelativeTime';
import type { PaymentSessionEvent, WebhookDelivery, WebhookDeliveryStatus } from '../dataProvider';
import { RedeliverButton } from './RedeliverButton';

const COLORS: Record<WebhookDeliveryStatus, ChipProps['color']> = {
  Pending: 'warning',
  Delivering: 'info',
  Succeeded: 'success',
  Failed: 'error',
};

/** What the last attempt got back: the HTTP status, or why there was none. */
function lastOutcome(delivery: WebhookDelivery): string {
  if (delivery.lastStatusCode) return `HTTP ${delivery.lastStatusCode}${delivery.lastError && !delivery.lastError.startsWith('HTTP') ? ` — ${delivery.lastError}` : ''}`;
  return delivery.lastError ?? '';
}

/** The session's webhooks to its callbackUrl: one row per event, with where each stands. */
export const WebhookDeliveries = ({ deliveries, events }: { deliveries: WebhookDelivery[]; events: PaymentSessionEvent[] }) => {
  if (!deliveries.length) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="webhook-deliveries-empty">
        No webhooks: the merchant gave no callbackUrl.
      </Typography>
    );
  }
  const typeOf = new Map(events.map((e) => [e.id, e.type.replace('payment_session.', '')]));
  return (
    <Table size="small" aria-label="Webhook deliveries" data-testid="webhook-deliveries">
      <TableHead>
        <TableRow>
          <TableCell>Event</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">Attempts</TableCell>
          <TableCell>Last outcome</TableCell>
          <TableCell>Next attempt / delivered</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {deliveries.map((d) => (
          <TableRow key={d.id} data-testid="webhook-delivery">
            <TableCell title={d.url}>{typeOf.get(d.eventId) ?? d.eventId}</TableCell>
            <TableCell>
              <Chip size="small" label={d.status} color={COLORS[d.status] ?? 'default'} variant="outlined" />
            </TableCell>
            <TableCell align="right">{d.attemptCount}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{lastOutcome(d) || '—'}</TableCell>
            <TableCell>
              <RelativeTime value={d.deliveredAt ?? d.nextAttemptAt} />
            </TableCell>
            <TableCell align="right">
              <RedeliverButton delivery={d} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
