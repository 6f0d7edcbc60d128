import { Chip, type ChipProps, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { DateTime } from '../common/DateTime';
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

/**
 * When the delivery went out or goes out next. A Pending delivery whose time has come waits for
 * the session's earlier deliveries (they go out in event order), so "1 minute ago" would be wrong:
 * it says it is due and what it waits for.
 */
const NextOrDelivered = ({ delivery, waitsBehind, now }: { delivery: WebhookDelivery; waitsBehind: boolean; now: number }) => {
  if (delivery.deliveredAt) return <DateTime value={delivery.deliveredAt} />;
  if (delivery.status !== 'Pending' || !delivery.nextAttemptAt) return <>—</>;
  if (new Date(delivery.nextAttemptAt).getTime() > now) return <DateTime value={delivery.nextAttemptAt} />;
  return (
    <span data-testid="delivery-due">
      {waitsBehind ? 'Due; waits for the earlier delivery of this session' : 'Due now'}
      <Typography variant="caption" color="text.secondary" component="div">
        since <DateTime value={delivery.nextAttemptAt} />
      </Typography>
    </span>
  );
};

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
  const now = Date.now();
  return (
    <TableContainer>
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
        {deliveries.map((d, i) => (
          <TableRow key={d.id} data-testid="webhook-delivery">
            <TableCell title={d.url}>{typeOf.get(d.eventId) ?? d.eventId}</TableCell>
            <TableCell>
              <Chip size="small" label={d.status} color={COLORS[d.status] ?? 'default'} variant="outlined" />
            </TableCell>
            <TableCell align="right">{d.attemptCount}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{lastOutcome(d) || '—'}</TableCell>
            <TableCell>
              <NextOrDelivered delivery={d} now={now} waitsBehind={deliveries.slice(0, i).some((e) => e.status === 'Pending' || e.status === 'Delivering')} />
            </TableCell>
            <TableCell align="right">
              <RedeliverButton delivery={d} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
    </TableContainer>
  );
};
