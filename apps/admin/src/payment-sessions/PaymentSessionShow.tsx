import { Box, CardContent, Stack, type Theme, Typography, useMediaQuery } from '@mui/material';
import { ListButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import { Section } from '../common/Detail';
import type { PaymentSession } from '../dataProvider';
import { CancelButton } from './CancelButton';
import { EventTimeline } from './EventTimeline';
import { PaymentSessionDetails } from './PaymentSessionDetails';
import { StatusChip } from './StatusChip';
import { WebhookDeliveries } from './WebhookDeliveries';

const Actions = () => (
  <TopToolbar>
    <ListButton />
    <CancelButton />
  </TopToolbar>
);

/** The app bar's title: on a phone without the id, which would not fit (the heading shows it whole). */
const SessionTitle = () => {
  const session = useRecordContext<PaymentSession>();
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return <>{phone ? 'Payment session' : `Payment session ${session?.id ?? ''}`}</>;
};

const SessionPage = () => {
  const session = useRecordContext<PaymentSession>();
  if (!session) return null;
  return (
    <CardContent>
      <Stack direction="row" useFlexGap sx={{ alignItems: 'center', mb: 3, flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="h6" component="h1" data-testid="session-heading" sx={{ fontSize: { xs: '1rem', sm: '1.25rem' }, overflowWrap: 'anywhere' }}>
          <code>{session.id}</code>
        </Typography>
        <StatusChip status={session.status} />
      </Stack>
      <PaymentSessionDetails session={session} />
      <Section title="Timeline">
        <EventTimeline events={session.events ?? []} />
      </Section>
      <Box component="section" aria-label="Webhook deliveries" sx={{ mb: 3 }}>
        <Typography variant="subtitle1" component="h2" sx={{ mb: 1, fontWeight: 600 }}>
          Webhook deliveries
        </Typography>
        <WebhookDeliveries deliveries={session.webhookDeliveries ?? []} events={session.events ?? []} />
      </Box>
    </CardContent>
  );
};

/** One session: everything the merchant sent, its timeline, its webhooks, and the cancel verb. */
export const PaymentSessionShow = () => (
  <Show actions={<Actions />} title={<SessionTitle />}>
    <SessionPage />
  </Show>
);
