import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One error of a GraphQL answer, as the API sends it (README, Errors). */
export interface PaysessionGraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    /** UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, INVALID_STATE, CONFLICT, RATE_LIMITED, … */
    code?: string;
    /** The input path of a BAD_USER_INPUT (or NOT_FOUND) error, e.g. `input.invoiceRefs.0.lines.1.price`. */
    field?: string;
  };
}

/** The API refused a request: `code` and `field` are the first error's. */
export class PaysessionError extends Error {
  readonly code: string | undefined;
  readonly field: string | undefined;

  constructor(
    readonly errors: PaysessionGraphQLError[],
    readonly status: number,
  ) {
    super(errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; '));
    this.name = 'PaysessionError';
    this.code = errors[0]?.extensions?.code;
    this.field = errors[0]?.extensions?.field;
  }
}

export interface PaysessionClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:3000/graphql. */
  url: string;
  /** An API key (psk_…) with the scopes the operations need. */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * A minimal client for the merchant API: it sends a generated typed document (src/graphql.ts)
 * with its variables and returns the typed data, or throws a PaysessionError.
 *
 * @example
 *   const client = new PaysessionClient({ url, apiKey });
 *   const { createPaymentSession } = await client.request(CreatePaymentSessionDocument, { input }, { idempotencyKey });
 */
export class PaysessionClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: PaysessionClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * Runs one operation. `idempotencyKey` makes a createPaymentSession safe to retry (the API
   * returns the first session for the same key and input, for 24 hours).
   */
  async request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, options: { idempotencyKey?: string } = {}): Promise<Result> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}` };
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await this.fetch(this.options.url, { method: 'POST', headers, body: JSON.stringify({ query: print(document), variables }) });
    const body = (await response.json().catch(() => null)) as { data?: Result | null; errors?: PaysessionGraphQLError[] } | null;
    if (!body) throw new PaysessionError([{ message: `HTTP ${response.status} without a GraphQL answer` }], response.status);
    if (body.errors?.length) throw new PaysessionError(body.errors, response.status);
    return body.data as Result;
  }
}
