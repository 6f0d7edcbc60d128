import type { DataProvider, GetListParams, GetListResult, GetOneParams, RaRecord } from 'react-admin';
import { DOCUMENTS } from './documents';
import { adminApi } from './graphql';
import type { CancelOutcome, OverviewActivity, OverviewNow, Page, PaymentSession, WebhookDelivery } from './types';

/** The console's resources (react-admin names) and how each is read from /admin-api. */
interface ResourceSpec {
  list: string;
  one: string;
  /** react-admin's filter values → the API's filter input. */
  filter(filter: Record<string, unknown>): Record<string, unknown>;
  /** react-admin's sort → the API's sort input, for resources the API sorts. */
  sort?(sort: GetListParams['sort']): Record<string, unknown> | undefined;
}

const SESSION_SORT_FIELDS = new Set(['createdAt', 'amount', 'status']);

/** `YYYY-MM-DD` (a DateInput) → the start of that day, in the staff member's time zone. */
function startOfDay(value: unknown, plusDays = 0): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = new Date(`${value}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function ids(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length ? value.map(String) : undefined;
}

const RESOURCES: Readonly<Record<string, ResourceSpec>> = {
  'payment-sessions': {
    list: DOCUMENTS.paymentSessions,
    one: DOCUMENTS.paymentSession,
    filter: (f) => ({
      q: text(f.q),
      orgId: text(f.orgId),
      status: Array.isArray(f.status) && f.status.length ? f.status : undefined,
      createdFrom: startOfDay(f.createdFrom),
      // The filter's "until" day is inclusive; the API's bound is exclusive.
      createdTo: startOfDay(f.createdUntil, 1),
      contactId: text(f.contactId),
      checkoutConfigurationId: text(f.checkoutConfigurationId),
      ids: ids(f.ids),
    }),
    sort: (sort) => (sort && SESSION_SORT_FIELDS.has(sort.field) ? { field: sort.field, order: sort.order === 'ASC' ? 'ASC' : 'DESC' } : undefined),
  },
  organizations: {
    list: DOCUMENTS.organizations,
    one: DOCUMENTS.organization,
    filter: (f) => ({ q: text(f.q), ids: ids(f.ids) }),
  },
  contacts: {
    list: DOCUMENTS.contacts,
    one: DOCUMENTS.contact,
    filter: (f) => ({ q: text(f.q), orgId: text(f.orgId), ids: ids(f.ids) }),
  },
  'checkout-configurations': {
    list: DOCUMENTS.checkoutConfigurations,
    one: DOCUMENTS.checkoutConfiguration,
    filter: (f) => ({ orgId: text(f.orgId), ids: ids(f.ids) }),
  },
};

function spec(resource: string): ResourceSpec {
  const found = RESOURCES[resource];
  if (!found) throw new Error(`Unknown resource ${resource}`);
  return found;
}

/** The most rows the admin API returns in one page (its MAX_PER_PAGE). */
const API_MAX_PER_PAGE = 100;

/**
 * A page of a list. A page larger than the API's (an export asks for react-admin's maxResults,
 * 1,000 rows, at once) is read API_MAX_PER_PAGE rows at a time, one request after another, each
 * within the API's page and cost limits; it must start on a multiple of API_MAX_PER_PAGE rows.
 */
async function getList(resource: string, params: Partial<GetListParams>): Promise<GetListResult> {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  if (perPage <= API_MAX_PER_PAGE) return getApiPage(resource, params, page, perPage);
  const firstApiPage = ((page - 1) * perPage) / API_MAX_PER_PAGE + 1;
  if (!Number.isInteger(firstApiPage)) throw new Error(`A page of ${perPage} rows must start on a multiple of ${API_MAX_PER_PAGE} rows`);
  const data: RaRecord[] = [];
  let last: GetListResult | undefined;
  for (let apiPage = firstApiPage; data.length < perPage; apiPage++) {
    last = await getApiPage(resource, params, apiPage, API_MAX_PER_PAGE);
    data.push(...last.data);
    if (last.data.length < API_MAX_PER_PAGE) break;
  }
  return { ...last!, data: data.slice(0, perPage) };
}

async function getApiPage(resource: string, params: Partial<GetListParams>, page: number, perPage: number): Promise<GetListResult> {
  const s = spec(resource);
  const { page: result } = await adminApi<{ page: Page<RaRecord> }>(s.list, {
    filter: s.filter(params.filter ?? {}),
    sort: s.sort?.(params.sort),
    page,
    perPage,
  });
  // Past 10,000 matches the API stops counting; the pagination says "more than" (meta).
  return { data: result.nodes, total: result.total, meta: { totalIsExact: result.totalIsExact } };
}

function readOnly(): Promise<never> {
  return Promise.reject(new Error('The staff console is read-only here'));
}

/** The domain verbs the console adds to react-admin's CRUD methods. */
export interface AdminDataProvider extends DataProvider {
  /** Cancels a session (see its `canCancel`); `reason` is kept on the event and in the audit log. */
  cancelPaymentSession(id: string, reason: string): Promise<PaymentSession>;
  /** Cancels each session that can still be canceled; reports each one. */
  cancelPaymentSessions(ids: string[], reason: string): Promise<CancelOutcome[]>;
  /** Sends a webhook delivery again (see its `canRedeliver`). */
  redeliverWebhook(id: string): Promise<WebhookDelivery>;
  /** The overview's counts per hour and day over [from, until), of one org or (orgId null) all. */
  overviewActivity(query: { orgId: string | null; from: string; until: string; utcOffsetMinutes: number }): Promise<OverviewActivity>;
  /** The overview's figures of now: Pending sessions, failing webhooks, the sweep's backlog. */
  overviewNow(query: { orgId: string | null }): Promise<OverviewNow>;
}

/**
 * Where the payment-sessions list, with react-admin's `filter` and `sort`, downloads as CSV:
 * `GET /admin-api/payment-sessions.csv`, streamed by the server and bounded there (its
 * `X-Export-Row-Limit`); the session cookie goes with it as with every /admin-api request.
 * A function beside the dataProvider, not a method of it: react-admin expects every
 * dataProvider method to answer a promise.
 */
export function paymentSessionsCsvUrl(filter: Record<string, unknown>, sort: GetListParams['sort'] | undefined): string {
  const s = spec('payment-sessions');
  const query = new URLSearchParams({ filter: JSON.stringify(s.filter(filter)) });
  const apiSort = s.sort?.(sort);
  if (apiSort) query.set('sort', String(apiSort.field)), query.set('order', String(apiSort.order));
  return `/admin-api/payment-sessions.csv?${query}`;
}

/**
 * react-admin's dataProvider over /admin-api: lists with page/perPage and capped totals, records
 * by id, `getMany` as a list filtered by ids. Merchant data is read-only in the console, so the
 * write methods refuse; the one write staff make is the cancel verb.
 */
export const dataProvider: AdminDataProvider = {
  getList: (resource, params) => getList(resource, params),

  async getOne<RecordType extends RaRecord>(resource: string, params: GetOneParams<RecordType>) {
    const { record } = await adminApi<{ record: RecordType }>(spec(resource).one, { id: String(params.id) });
    return { data: record };
  },

  async getMany(resource, params) {
    if (!params.ids.length) return { data: [] };
    const { data } = await getList(resource, { filter: { ids: params.ids }, pagination: { page: 1, perPage: Math.min(params.ids.length, 100) } });
    return { data };
  },

  getManyReference: (resource, params) => getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }),

  create: readOnly,
  update: readOnly,
  updateMany: readOnly,
  delete: readOnly,
  deleteMany: readOnly,

  async cancelPaymentSession(id, reason) {
    return (await adminApi<{ cancelPaymentSession: PaymentSession }>(DOCUMENTS.cancelPaymentSession, { id, reason })).cancelPaymentSession;
  },

  async cancelPaymentSessions(ids, reason) {
    return (await adminApi<{ cancelPaymentSessions: CancelOutcome[] }>(DOCUMENTS.cancelPaymentSessions, { ids, reason })).cancelPaymentSessions;
  },

  async redeliverWebhook(id) {
    return (await adminApi<{ redeliverWebhook: WebhookDelivery }>(DOCUMENTS.redeliverWebhook, { id })).redeliverWebhook;
  },

  async overviewActivity(query) {
    return (await adminApi<{ overviewActivity: OverviewActivity }>(DOCUMENTS.overviewActivity, query)).overviewActivity;
  },

  async overviewNow(query) {
    return (await adminApi<{ overviewNow: OverviewNow }>(DOCUMENTS.overviewNow, query)).overviewNow;
  },
};
