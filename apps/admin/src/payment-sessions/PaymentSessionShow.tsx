import { CardContent, Stack, Typography } from '@mui/material';
import { ListButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import { Section } from '../common/Detail';
import type { PaymentSession } from '../dataProvider';
import { CancelButton } from './CancelButton';
import { EventTimeline } from './EventTimeline';
import { PaymentSessionDetails } from './PaymentSessionDetails';
import { StatusChip } from './StatusChip';

const Actions = () => (
  <TopToolbar>
    <ListButton />
    <CancelButton />
  </TopToolbar>
);

const SessionTitle = () => {
  const session = useRecordContext<PaymentSession>();
  return <>Payment session {session?.id ?? ''}</>;
};

const SessionPage = () => {
  const session = useRecordContext<PaymentSession>();
  if (!session) return null;
  return (
    <CardContent>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 3 }}>
        <Typography variant="h6" component="h1" data-testid="session-heading">
          <code>{session.id}</code>
        </Typography>
        <StatusChip status={session.status} />
      </Stack>
      <PaymentSessionDetails session={session} />
      <Section title="Timeline">
        <EventTimeline events={session.events ?? []} />
      </Section>
      {/*
        Webhook deliveries: owned by the webhooks issue. Their section goes here: a
        <WebhookDeliveries sessionId={session.id} /> fed by an AdminPaymentSession.webhookDeliveries
        field (see AdminPaymentSessionsResolver).
      */}
    </CardContent>
  );
};

/** One session: everything the merchant sent, its timeline, and the cancel verb. */
export const PaymentSessionShow = () => (
  <Show actions={<Actions />} title={<SessionTitle />}>
    <SessionPage />
  </Show>
);
