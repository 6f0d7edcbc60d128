import { Box, Stack, Typography } from '@mui/material';
import { DateTime } from '../common/DateTime';
import type { PaymentSessionEvent } from '../dataProvider';
import { StatusChip } from './StatusChip';

/** `staff:stf_…` → "staff stf_…"; `merchant:key_…` → "merchant (API key key_…)"; `partner:ptn_…` → "payments partner ptn_…". */
function actorLabel(actor: string): string {
  const [kind, id] = actor.split(':');
  if (!id) return kind;
  if (kind === 'partner') return `payments partner ${id}`;
  return kind === 'merchant' ? `${kind} (API key ${id})` : `${kind} ${id}`;
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
            <DateTime value={event.occurredAt} /> · {actorLabel(event.actor)}
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
