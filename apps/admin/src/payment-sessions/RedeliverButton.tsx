import ReplayIcon from '@mui/icons-material/Replay';
import { Button } from 'react-admin';
import type { WebhookDelivery } from '../dataProvider';
import { useVerb } from './useVerb';

/**
 * Sends a Failed webhook delivery again (the API audits it). Renders nothing unless the API says
 * the signed-in member may redeliver this one (`canRedeliver`).
 */
export const RedeliverButton = ({ delivery }: { delivery: WebhookDelivery }) => {
  const { busy, invoke } = useVerb(async (dataProvider, id: string) => {
    await dataProvider.redeliverWebhook(id);
    return { message: 'Webhook queued for delivery' };
  }, 'The webhook could not be queued');

  if (!delivery.canRedeliver) return null;

  return (
    <Button label="Redeliver" onClick={() => invoke(delivery.id)} disabled={busy} aria-label={`Redeliver webhook ${delivery.id}`} data-testid="redeliver-webhook">
      <ReplayIcon />
    </Button>
  );
};
