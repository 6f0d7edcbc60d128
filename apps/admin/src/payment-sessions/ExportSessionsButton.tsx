import DownloadIcon from '@mui/icons-material/GetApp';
import { Button } from '@mui/material';
import { useListContext } from 'react-admin';
import { paymentSessionsCsvUrl } from '../dataProvider';

/**
 * Export of the payment-sessions list as it is filtered and sorted: a plain download link to the
 * server's CSV (streamed and bounded there), so the browser saves it as it arrives instead of the
 * console holding every row in memory.
 */
export const ExportSessionsButton = () => {
  const { filterValues, sort, total } = useListContext();
  const href = paymentSessionsCsvUrl(filterValues ?? {}, sort);
  return (
    <Button
      size="small"
      startIcon={<DownloadIcon />}
      href={href}
      download
      disabled={total === 0}
      aria-label="Export the filtered payment sessions as CSV"
      data-testid="export-sessions"
    >
      Export
    </Button>
  );
};
