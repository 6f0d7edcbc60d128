import { formatDateTime, formatRelative } from './format';

/** "5 minutes ago", with the exact time on hover and in the markup. */
export const RelativeTime = ({ value }: { value: string | null | undefined }) =>
  value ? (
    <time dateTime={value} title={formatDateTime(value)} style={{ whiteSpace: 'nowrap' }}>
      {formatRelative(value)}
    </time>
  ) : (
    <span>—</span>
  );
