import { Alert, Autocomplete, Box, Card, CardContent, CircularProgress, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Title, useCreatePath, useDataProvider, useGetList } from 'react-admin';
import { formatDateTime, formatRelative } from '../common/format';
import type { AdminDataProvider, Organization, OverviewActivity, OverviewBucket, OverviewNow } from '../dataProvider';

const HOUR = 3_600_000;

/** The ranges the overview offers, and whether its per-hour chart is worth drawing. */
const RANGES = [
  { label: '24 hours', hours: 24 },
  { label: '7 days', hours: 7 * 24 },
  { label: '30 days', hours: 30 * 24 },
] as const;

/** The five series, in the order the charts draw them. */
const SERIES: { key: keyof Omit<OverviewBucket, 'start'>; label: string; color: string }[] = [
  { key: 'created', label: 'Created', color: '#1976d2' },
  { key: 'completed', label: 'Completed', color: '#2e7d32' },
  { key: 'expired', label: 'Expired', color: '#9e9e9e' },
  { key: 'canceled', label: 'Canceled', color: '#ed6c02' },
  { key: 'rejected', label: 'Rejected', color: '#d32f2f' },
];

/** The staff member's offset from UTC, in whole hours (the API's days start at that midnight). */
function utcOffsetMinutes(): number {
  const offset = Math.round(-new Date().getTimezoneOffset() / 60) * 60;
  return Math.min(840, Math.max(-720, offset));
}

/** "2 h 5 min", "3 days": how long, for a backlog. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} days`;
}

const Figure = ({ title, testId, children }: { title: string; testId: string; children: ReactNode }) => (
  <Card variant="outlined" sx={{ flex: '1 1 220px', minWidth: 0 }}>
    <CardContent>
      <Typography variant="overline" color="text.secondary" component="h2">
        {title}
      </Typography>
      <Box data-testid={testId}>{children}</Box>
    </CardContent>
  </Card>
);

const SessionLink = ({ id }: { id: string }) => {
  const createPath = useCreatePath();
  return <Link to={createPath({ resource: 'payment-sessions', id, type: 'show' })}>{id}</Link>;
};

/** Picks one organization by name, or every organization (none picked). */
const OrganizationPicker = ({ value, onChange }: { value: Organization | null; onChange: (org: Organization | null) => void }) => {
  const [text, setText] = useState('');
  const { data = [], isPending } = useGetList<Organization>('organizations', { filter: { q: text }, pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' } });
  return (
    <Autocomplete<Organization>
      size="small"
      sx={{ width: { xs: '100%', sm: 320 } }}
      options={data}
      loading={isPending}
      value={value}
      onChange={(_, org) => onChange(org)}
      onInputChange={(_, input) => setText(input)}
      getOptionLabel={(org) => org.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(options) => options}
      renderInput={(params) => <TextField {...params} label="Organization" placeholder="Every organization" slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'aria-label': 'Organization' } }} />}
    />
  );
};

const Charts = ({ activity, hours }: { activity: OverviewActivity; hours: number }) => {
  const hourly = activity.hourly.map((b) => new Date(b.start));
  const days = activity.daily.map((b) => new Date(b.start).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
  const hourLabel = (d: Date) =>
    hours <= 24 ? d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }) : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });
  return (
    <Stack spacing={2}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" component="h2">
            Per hour
          </Typography>
          <Box data-testid="overview-hourly-chart" sx={{ width: '100%', minWidth: 0 }}>
            <LineChart
              height={260}
              skipAnimation
              xAxis={[{ data: hourly, scaleType: 'time', valueFormatter: (d: Date) => hourLabel(d) }]}
              series={SERIES.map((s) => ({ data: activity.hourly.map((b) => b[s.key]), label: s.label, color: s.color, showMark: false, curve: 'linear' as const }))}
            />
          </Box>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" component="h2">
            Per day
          </Typography>
          <Box data-testid="overview-daily-chart" sx={{ width: '100%', minWidth: 0 }}>
            <BarChart
              height={260}
              skipAnimation
              xAxis={[{ data: days, scaleType: 'band' }]}
              series={SERIES.map((s) => ({ data: activity.daily.map((b) => b[s.key]), label: s.label, color: s.color }))}
            />
          </Box>
        </CardContent>
      </Card>
    </Stack>
  );
};

/**
 * The console's landing page: sessions created, completed, expired, canceled and rejected per
 * hour and per day over a chosen range (charts), the completion rate, what is Pending now and
 * the oldest, webhook deliveries failing now and the oldest due, how far the expiry sweep is
 * behind. Every figure comes from /admin-api's overview queries, which aggregate in the database.
 */
export const OverviewPage = () => {
  const dataProvider = useDataProvider<AdminDataProvider>();
  const [hours, setHours] = useState<number>(24);
  const [org, setOrg] = useState<Organization | null>(null);
  const [activity, setActivity] = useState<OverviewActivity | null>(null);
  const [now, setNow] = useState<OverviewNow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const orgId = org?.id ?? null;
  const range = useMemo(() => {
    const until = Math.ceil(Date.now() / HOUR) * HOUR;
    return { from: new Date(until - hours * HOUR).toISOString(), until: new Date(until).toISOString() };
  }, [hours]);

  useEffect(() => {
    let current = true;
    setError(null);
    Promise.all([dataProvider.overviewActivity({ orgId, ...range, utcOffsetMinutes: utcOffsetMinutes() }), dataProvider.overviewNow({ orgId })])
      .then(([a, n]) => {
        if (!current) return;
        setActivity(a);
        setNow(n);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [dataProvider, orgId, range]);

  const totals = activity?.totals;
  const behind = now ? Math.max(0, ...now.expirySweep.map((b) => b.behindSeconds)) : 0;
  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, minWidth: 0 }} data-testid="overview-page">
      <Title title="Overview" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
        <ToggleButtonGroup size="small" exclusive value={hours} onChange={(_, value: number | null) => value && setHours(value)} aria-label="Range" data-testid="overview-range">
          {RANGES.map((r) => (
            <ToggleButton key={r.hours} value={r.hours}>
              {r.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <OrganizationPicker value={org} onChange={setOrg} />
      </Stack>
      {error ? <Alert severity="error">{error}</Alert> : null}
      {!activity || !now ? (
        <CircularProgress aria-label="Loading the overview" />
      ) : (
        <Stack spacing={2}>
          <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2 }}>
            <Figure title={`Sessions, last ${RANGES.find((r) => r.hours === hours)?.label}`} testId="overview-totals">
              <Typography variant="h5" component="p">
                {totals?.created ?? 0} created
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {totals?.completed ?? 0} completed · {totals?.expired ?? 0} expired · {totals?.canceled ?? 0} canceled · {totals?.rejected ?? 0} rejected
              </Typography>
            </Figure>
            <Figure title="Completion rate" testId="overview-completion-rate">
              <Typography variant="h5" component="p">
                {activity.completionRate === null ? '—' : `${(activity.completionRate * 100).toFixed(1)}%`}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                of the sessions that finished in the range
              </Typography>
            </Figure>
            <Figure title="Pending now" testId="overview-pending">
              <Typography variant="h5" component="p">
                {now.pending.count}
              </Typography>
              {now.pending.oldest ? (
                <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                  oldest <SessionLink id={now.pending.oldest.id} />, created <span title={formatDateTime(now.pending.oldest.createdAt)}>{formatRelative(now.pending.oldest.createdAt)}</span>
                </Typography>
              ) : (
                <Typography variant="body2" color="text.secondary">
                  none waiting on a payments partner
                </Typography>
              )}
            </Figure>
            <Figure title="Webhooks failing" testId="overview-webhooks">
              <Typography variant="h5" component="p">
                {now.webhooks.retrying} retrying
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {now.webhooks.failed}
                {now.webhooks.failedIsExact ? '' : '+'} given up
                {now.webhooks.oldestDue ? (
                  <>
                    {' '}
                    · oldest due {formatRelative(now.webhooks.oldestDue.dueAt)} (<SessionLink id={now.webhooks.oldestDue.sessionId} />)
                  </>
                ) : (
                  ' · none due'
                )}
              </Typography>
            </Figure>
            <Figure title="Expiry sweep (every organization)" testId="overview-sweep">
              <Typography variant="h5" component="p">
                {behind ? `${duration(behind)} behind` : 'up to date'}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {now.expirySweep.map((b) => `${b.overdue}${b.exact ? '' : '+'} ${b.status} overdue`).join(' · ')}
              </Typography>
            </Figure>
          </Stack>
          <Charts activity={activity} hours={hours} />
          <Typography variant="caption" color="text.secondary" data-testid="overview-as-of">
            As of {formatDateTime(now.at)}
            {org ? `, ${org.name}` : ', every organization'}. Days start at your midnight.
          </Typography>
        </Stack>
      )}
    </Box>
  );
};
