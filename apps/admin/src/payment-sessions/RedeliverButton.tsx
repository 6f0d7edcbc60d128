import ReplayIcon from '@mui/icons-material/Replay';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { AdminDataProvider, WebhookDelivery } from '../dataProvider';
import { useCanCancel } from '../roles';

/**
 * Sends a Failed webhook delivery again (operators and admins; the API audits it). Renders
 * nothing for viewers and for deliveries that have not failed for good.
 */
export const RedeliverButton = ({ delivery }: { delivery: WebhookDelivery }) => {
  const canOperate = useCanCancel();
  const dataProvider = useDataProvider<AdminDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);

  if (!canOperate || delivery.status !== 'Failed') return null;

  const redeliver = async () => {
    setBusy(true);
    try {
      await dataProvider.redeliverWebhook(delivery.id);
      notify('Webhook queued for delivery', { type: 'success' });
      refresh();
    } catch (error) {
      notify((error as Error).message || 'The webhook could not be queued', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button label="Redeliver" onClick={redeliver} disabled={busy} aria-label={`Redeliver webhook ${delivery.id}`} data-testid="redeliver-webhook">
      <ReplayIcon />
    </Button>
  );
};
