import { HttpError } from 'react-admin';

const ENDPOINT = '/admin-api';

/**
 * GraphQL error codes as the HTTP statuses react-admin reasons with: 401 makes authProvider
 * .checkError sign the user out (an expired session), the others are shown as notifications.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INVALID_STATE: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** Details of a refused operation, in HttpError's body. */
export interface AdminApiErrorBody {
  code: string;
  field?: string;
}

/**
 * POSTs one operation to the staff API. The session cookie travels by itself (same origin,
 * httpOnly); the JSON content type is what Apollo's CSRF prevention expects from a real client.
 * Throws react-admin's HttpError, with the GraphQL code in `body.code`.
 */
export async function adminApi<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new HttpError('The server cannot be reached; check your connection', 503, { code: 'NETWORK' });
  }
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLErrorBody[] } | null;
  const error = body?.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const details: AdminApiErrorBody = { code, ...(error.extensions?.field ? { field: error.extensions.field } : {}) };
    throw new HttpError(error.message, STATUS_BY_CODE[code] ?? 500, details);
  }
  if (!response.ok || !body?.data) throw new HttpError(`The server answered ${response.status}`, response.status || 500, { code: 'HTTP' });
  return body.data;
}
