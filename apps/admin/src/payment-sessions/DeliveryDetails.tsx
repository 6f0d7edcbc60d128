import { Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { DateTime } from '../common/DateTime';
import { CopyButton } from '../common/TruncatedText';
import type { WebhookAttempt, WebhookDelivery } from '../dataProvider';

/** A small labelled value; wraps anywhere, so that nothing is wider than a phone. */
export const Labelled = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Box sx={{ minWidth: 0 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ overflowWrap: 'anywhere' }} data-testid={testId}>
      {children}
    </Typography>
  </Box>
);

/** Preformatted text that wraps instead of scrolling sideways, and scrolls down past a height. */
const Pre = ({ children, testId }: { children: string; testId?: string }) => (
  <Box
    component="pre"
    data-testid={testId}
    sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflowY: 'auto', overflowX: 'hidden' }}
  >
    {children}
  </Box>
);

/** The body indented for reading (it is sent without whitespace); as it came if it is not JSON. */
function indented(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const Attempt = ({ attempt, n }: { attempt: WebhookAttempt; n: number }) => (
  <Box component="li" data-testid="delivery-attempt" sx={{ borderLeft: 2, borderColor: attempt.error ? 'error.light' : 'success.light', pl: 1.5, py: 0.5 }}>
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2 }}>
      <Labelled label="Attempt">{n}</Labelled>
      <Labelled label="Sent" testId="attempt-at">
        <DateTime value={attempt.attemptedAt} />
      </Labelled>
      <Labelled label="Duration" testId="attempt-duration">{`${attempt.durationMs.toLocaleString()} ms`}</Labelled>
      <Labelled label="HTTP status" testId="attempt-status">{attempt.statusCode ?? 'no response'}</Labelled>
      <Labelled label="Error" testId="attempt-error">{attempt.error ?? '—'}</Labelled>
    </Stack>
    {attempt.responseExcerpt ? (
      <Box sx={{ mt: 1 }}>
        <Typography variant="caption" color="text.secondary" component="div">
          Response (its first 1,000 characters)
        </Typography>
        <Pre testId="attempt-response">{attempt.responseExcerpt}</Pre>
      </Box>
    ) : null}
  </Box>
);

/**
 * What a delivery did and what it sends: every attempt (when, how long, the HTTP status, the
 * error, the start of the response) and the body each attempt signed and POSTed. Merchant and
 * endpoint text is rendered only as React text.
 */
export const DeliveryDetails = ({ delivery }: { delivery: WebhookDelivery }) => (
  <Box data-testid="delivery-details" sx={{ py: 1, minWidth: 0 }}>
    <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
      Attempts
    </Typography>
    {delivery.attempts.length ? (
      <Stack component="ol" spacing={1} sx={{ listStyle: 'none', p: 0, m: 0, mb: 2 }}>
        {delivery.attempts.map((attempt, i) => (
          <Attempt key={attempt.id} attempt={attempt} n={i + 1} />
        ))}
      </Stack>
    ) : (
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="delivery-no-attempts">
        Not sent yet.
      </Typography>
    )}
    <Stack direction="row" sx={{ alignItems: 'center', gap: 0.5 }}>
      <Typography variant="subtitle2" component="h3">
        Signed payload
      </Typography>
      {delivery.payload && <CopyButton value={delivery.payload} label="Payload" />}
    </Stack>
    <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0, mb: 1, overflowWrap: 'anywhere' }}>
      The body of every attempt to {delivery.url}, shown indented (it is sent without spaces), with the headers webhook-id: {delivery.eventId}, webhook-timestamp and
      webhook-signature (Standard Webhooks, signed with the organization's webhook secrets).
    </Typography>
    {delivery.payload ? <Pre testId="delivery-payload">{indented(delivery.payload)}</Pre> : <Typography variant="body2">—</Typography>}
  </Box>
);
