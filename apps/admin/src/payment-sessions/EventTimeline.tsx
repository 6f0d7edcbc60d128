import { Box, Stack, Typography } from '@mui/material';
import { DateTime } from '../common/DateTime';
import type { EventActor, PaymentSessionEvent } from '../dataProvider';
import { StatusChip } from './StatusChip';

/**
 * Who made a change, in words: "staff ops@example.com", "payments partner Acme Payments",
 * "merchant, API key “Shop backend”" (a key without a label by its public prefix, "psk_Ab12Cd34…"),
 * "the scheduler". The id only when the name is not found any more.
 */
export function actorWords(by: EventActor): string {
  switch (by.kind) {
    case 'staff':
      return `staff ${by.name ?? by.id}`;
    case 'partner':
      return `payments partner ${by.name ?? by.id}`;
    case 'merchant':
      return `merchant, API key ${by.name ? `“${by.name}”` : by.keyPrefix ? `${by.keyPrefix}…` : by.id}`;
    case 'scheduler':
      return 'the scheduler';
    default:
      return by.name ?? [by.kind, by.id].filter(Boolean).join(' ');
  }
}

/** Every change of the session, oldest first: what happened, when, who, and why. */
export const EventTimeline = ({ events }: { events: PaymentSessionEvent[] }) => (
  <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="event-timeline" aria-label="Timeline">
    {events.map((event) => (
      <Box component="li" key={event.id} sx={{ borderLeft: 2, borderColor: 'divider', pl: 2, pb: 2, position: 'relative' }} data-testid="timeline-event">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="event-type">
            {event.type.replace('payment_session.', '')}
          </Typography>
          {event.fromStatus && (
            <>
              <StatusChip status={event.fromStatus} />
              <span aria-hidden>→</span>
            </>
          )}
          {event.fromStatus && <StatusChip status={event.status} />}
          <Typography variant="caption" color="text.secondary">
            <DateTime value={event.occurredAt} /> ·{' '}
            <span data-testid="event-actor" title={event.actor}>
              {actorWords(event.by)}
            </span>
          </Typography>
        </Stack>
        {event.changes?.length ? (
          <Typography variant="body2" color="text.secondary">
            Changed: {event.changes.join(', ')}
          </Typography>
        ) : null}
        {event.reason ? (
          <Typography variant="body2" data-testid="event-reason">
            Reason: {event.reason}
          </Typography>
        ) : null}
      </Box>
    ))}
  </Box>
);
