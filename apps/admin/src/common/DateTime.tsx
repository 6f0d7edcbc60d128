import { Box } from '@mui/material';
import { formatDateAndTime, formatDateTime, formatRelative } from './format';

/**
 * An instant as staff need it to answer "the customer paid at 14:02": the absolute time in the
 * viewer's zone, the zone named, with the relative time beside it ("5 minutes ago"). `compact`
 * (list cells) puts the day and the time on two lines and the relative time on hover.
 */
export const DateTime = ({ value, compact = false }: { value: string | null | undefined; compact?: boolean }) => {
  if (!value) return <span>—</span>;
  const relative = formatRelative(value);
  if (compact) {
    const [day, time] = formatDateAndTime(value);
    return (
      <Box component="time" dateTime={value} title={relative} data-testid="datetime" sx={{ display: 'inline-block', whiteSpace: 'nowrap', lineHeight: 1.3 }}>
        {day}
        <br />
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {time}
        </Box>
      </Box>
    );
  }
  return (
    <time dateTime={value} data-testid="datetime">
      {formatDateTime(value)}{' '}
      <Box component="span" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }} data-testid="datetime-relative">
        ({relative})
      </Box>
    </time>
  );
};
