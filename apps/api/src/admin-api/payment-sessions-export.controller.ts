import { pipeline } from 'node:stream';
import { Readable } from 'node:stream';
import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, Inject, Logger, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { badInput, Ctx, domainErrorOf, ErrorCode, InputValidationPipe, RequestContext, RETRY_AFTER_SECONDS, StaffApi } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { EXPORT_COLUMNS, PaymentSessionSortField, PaymentSessionsService } from '@paysession/payment-sessions';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { AdminPaymentSessionFilter } from './inputs/payment-sessions.args';

/** The HTTP status of a refused export, by error code (the GraphQL endpoint answers these in its body). */
const STATUS_OF_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * Answers a refused export as the admin API answers a refused operation (`errors[0].extensions.code`),
 * with the HTTP status that code calls for; anything unexpected is masked and logged.
 */
@Catch()
export class ExportErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Export');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const domain = domainErrorOf(exception);
    if (!domain) this.logger.error({ err: exception }, 'export failed');
    const code = domain?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
    const message = domain?.message ?? 'Internal server error';
    reply
      .code(STATUS_OF_CODE[code] ?? 500)
      .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(code === ErrorCode.SERVICE_UNAVAILABLE ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}) })
      .send(JSON.stringify({ errors: [{ message, extensions: { code, ...(domain?.field ? { field: domain.field } : {}) } }] }));
  }
}

const DATE_FIELDS = ['createdFrom', 'createdTo'] as const;

/**
 * `filter` as the list sends it (the JSON of AdminPaymentSessionFilter, instants as ISO 8601),
 * validated as the admin API validates it.
 *
 * @throws DomainError BAD_USER_INPUT at `filter…`.
 */
async function parseFilter(raw: string | undefined): Promise<AdminPaymentSessionFilter> {
  if (!raw) return new AdminPaymentSessionFilter();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badInput('filter', 'filter must be JSON: the list filter (orgId, status, createdFrom, createdTo, q, …)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badInput('filter', 'filter must be a JSON object');
  const plain = { ...(parsed as Record<string, unknown>) };
  for (const field of DATE_FIELDS) {
    const value = plain[field];
    if (value === undefined || value === null) continue;
    const at = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime())) throw badInput(`filter.${field}`, `${field} must be an ISO 8601 instant with a zone`);
    plain[field] = at;
  }
  return (await new InputValidationPipe().transform(plain, { type: 'query', metatype: AdminPaymentSessionFilter, data: 'filter' })) as AdminPaymentSessionFilter;
}

/**
 * `GET /admin-api/payment-sessions.csv?filter=…&sort=…&order=…`: the console's payment-sessions
 * list, with its filter and sort, as a CSV streamed while it is read (csv-stringify), at most
 * ADMIN_EXPORT_MAX_ROWS rows (`X-Export-Row-Limit`; `X-Export-Truncated: true` when more matched).
 * Under /admin-api, where the session cookie is sent; the StaffGuard authenticates it and checks
 * the role as for any admin operation, and the domain service applies the org scope.
 */
@StaffApi()
@UseGuards(StaffGuard)
@UseFilters(ExportErrorFilter)
@Controller('admin-api')
export class AdminPaymentSessionsExportController {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly sessions: PaymentSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('payment-sessions.csv')
  @RequireStaffRole(StaffRole.viewer)
  async paymentSessions(
    @Ctx() ctx: RequestContext,
    @Query('filter') rawFilter: string | undefined,
    @Query('sort') rawSort: string | undefined,
    @Query('order') rawOrder: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = await parseFilter(rawFilter);
    const field = rawSort ?? PaymentSessionSortField.createdAt;
    if (!Object.values(PaymentSessionSortField).includes(field as PaymentSessionSortField)) {
      throw badInput('sort', `sort must be one of ${Object.values(PaymentSessionSortField).join(', ')}`);
    }
    const order = rawOrder ?? 'DESC';
    if (order !== 'ASC' && order !== 'DESC') throw badInput('order', 'order must be ASC or DESC');
    const limit = this.config.staff.exportMaxRows;
    const { truncated, records } = await this.sessions.exportRecords(ctx, { filter, sort: { field: field as PaymentSessionSortField, order } }, limit);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const csv = pipeline(Readable.from(records), stringify({ header: true, columns: [...EXPORT_COLUMNS] }), (error) => {
      // Headers are gone by then: the client sees a cut-off download, the log says why.
      if (error) this.logger.error({ err: error, requestId: ctx.requestId }, 'export stopped');
    });
    reply
      .code(200)
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="payment-sessions-${stamp}.csv"`,
        'cache-control': 'no-store',
        'x-export-row-limit': String(limit),
        'x-export-truncated': String(truncated),
      })
      .send(csv);
  }
}
