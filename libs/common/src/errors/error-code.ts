/** The `extensions.code` values a merchant can receive (docs/CONTRACT.md, Errors). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  INVALID_STATE = 'INVALID_STATE',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** An email could not be handed to the mail server (not configured, refused, timed out); nothing was recorded. */
  MAIL_NOT_SENT = 'MAIL_NOT_SENT',
  /**
   * The database did not answer within its bounds (README, Operations). The client gets HTTP 503
   * with Retry-After; a write rarely may have taken effect, so a create is retried with its
   * Idempotency-Key.
   */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
