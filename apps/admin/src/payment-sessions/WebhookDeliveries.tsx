import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Box, Button, Chip, type ChipProps, Collapse, IconButton, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, type Theme, Typography, useMediaQuery,
} from '@mui/material';
import { Fragment, useState } from 'react';
import { DateTime } from '../common/DateTime';
import type { PaymentSessionEvent, WebhookDelivery, WebhookDeliveryStatus } from '../dataProvider';
import { DeliveryDetails, Labelled } from './DeliveryDetails';
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

interface Row {
  delivery: WebhookDelivery;
  /** The event's type without its `payment_session.` prefix. */
  event: string;
  waitsBehind: boolean;
}

const StatusOf = ({ delivery }: { delivery: WebhookDelivery }) => <Chip size="small" label={delivery.status} color={COLORS[delivery.status] ?? 'default'} variant="outlined" />;

/** The set of open deliveries (their attempts and payload shown), by id. */
function useOpen(): [ReadonlySet<string>, (id: string) => void] {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return [open, toggle];
}

/** A window of a laptop's width: one table row per delivery; its attempts and payload open below it. */
const DeliveriesTable = ({ rows, now }: { rows: Row[]; now: number }) => {
  const [open, toggle] = useOpen();
  return (
    <TableContainer>
      <Table size="small" aria-label="Webhook deliveries" data-testid="webhook-deliveries">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Event</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Attempts</TableCell>
            <TableCell>Last outcome</TableCell>
            <TableCell>Next attempt / delivered</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ delivery: d, event, waitsBehind }) => (
            <Fragment key={d.id}>
              <TableRow data-testid="webhook-delivery" hover onClick={() => toggle(d.id)} sx={{ cursor: 'pointer', '& > td': { borderBottom: open.has(d.id) ? 'none' : undefined } }}>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-expanded={open.has(d.id)}
                    aria-label={`${open.has(d.id) ? 'Hide' : 'Show'} the attempts and payload of the ${event} webhook`}
                    data-testid="delivery-toggle"
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(d.id);
                    }}
                  >
                    {open.has(d.id) ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                  </IconButton>
                </TableCell>
                <TableCell title={d.url} data-testid="delivery-event">
                  {event}
                </TableCell>
                <TableCell>
                  <StatusOf delivery={d} />
                </TableCell>
                <TableCell align="right">{d.attemptCount}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{lastOutcome(d) || '—'}</TableCell>
                <TableCell data-testid="delivery-when">
                  <NextOrDelivered delivery={d} now={now} waitsBehind={waitsBehind} />
                </TableCell>
                <TableCell align="right" onClick={(e) => e.stopPropagation()}>
                  <RedeliverButton delivery={d} />
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={7} sx={{ py: 0, ...(open.has(d.id) ? {} : { borderBottom: 'none' }) }}>
                  <Collapse in={open.has(d.id)} unmountOnExit>
                    <DeliveryDetails delivery={d} />
                  </Collapse>
                </TableCell>
              </TableRow>
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/** A phone: one card per delivery, its facts one under another, nothing wider than the window. */
const DeliveryCards = ({ rows, now }: { rows: Row[]; now: number }) => {
  const [open, toggle] = useOpen();
  return (
    <Stack component="ol" spacing={1} sx={{ listStyle: 'none', p: 0, m: 0 }} aria-label="Webhook deliveries" data-testid="webhook-deliveries">
      {rows.map(({ delivery: d, event, waitsBehind }) => (
        <Box component="li" key={d.id} data-testid="webhook-delivery" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, minWidth: 0 }}>
          <Stack direction="row" useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
            <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="delivery-event">
              {event}
            </Typography>
            <StatusOf delivery={d} />
            <Box sx={{ flexGrow: 1 }} />
            <RedeliverButton delivery={d} />
          </Stack>
          <Stack useFlexGap sx={{ mt: 1, gap: 1 }}>
            <Labelled label="Attempts">{d.attemptCount}</Labelled>
            <Labelled label="Last outcome">{lastOutcome(d) || '—'}</Labelled>
            <Labelled label="Next attempt / delivered" testId="delivery-when">
              <NextOrDelivered delivery={d} now={now} waitsBehind={waitsBehind} />
            </Labelled>
            <Labelled label="URL">{d.url}</Labelled>
          </Stack>
          <Button
            size="small"
            sx={{ mt: 1, px: 0 }}
            aria-expanded={open.has(d.id)}
            aria-label={`${open.has(d.id) ? 'Hide' : 'Show'} the attempts and payload of the ${event} webhook`}
            data-testid="delivery-toggle"
            onClick={() => toggle(d.id)}
            startIcon={open.has(d.id) ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          >
            Attempts and payload
          </Button>
          <Collapse in={open.has(d.id)} unmountOnExit>
            <DeliveryDetails delivery={d} />
          </Collapse>
        </Box>
      ))}
    </Stack>
  );
};

/**
 * The session's webhooks to its callbackUrl: one row per event, with where each stands, that
 * opens to its attempts and the signed payload; on a phone one card per event instead of a table
 * that would be cut at the window's edge.
 */
export const WebhookDeliveries = ({ deliveries, events }: { deliveries: WebhookDelivery[]; events: PaymentSessionEvent[] }) => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (!deliveries.length) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="webhook-deliveries-empty">
        No webhooks: the merchant gave no callbackUrl.
      </Typography>
    );
  }
  const typeOf = new Map(events.map((e) => [e.id, e.type.replace('payment_session.', '')]));
  const now = Date.now();
  const rows: Row[] = deliveries.map((delivery, i) => ({
    delivery,
    event: typeOf.get(delivery.eventId) ?? delivery.eventId,
    waitsBehind: deliveries.slice(0, i).some((e) => e.status === 'Pending' || e.status === 'Delivering'),
  }));
  return phone ? <DeliveryCards rows={rows} now={now} /> : <DeliveriesTable rows={rows} now={now} />;
};
