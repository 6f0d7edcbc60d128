import type { CancelOutcome } from '../dataProvider/types';

/** How many of the sessions a bulk cancel did not cancel are named in its notification. */
const NAMED = 3;

/**
 * The notification of a bulk cancel, from the API's outcome per session
 * (`cancelPaymentSessions`): how many were canceled and, when some were not, which ones and why
 * in the API's words (the first three by id, then how many more), so the operator can find them.
 * `partial` is true when at least one session was not canceled.
 */
export function bulkCancelSummary(outcomes: readonly CancelOutcome[]): { message: string; partial: boolean } {
  const canceled = outcomes.filter((o) => o.canceled).length;
  const missed = outcomes.filter((o) => !o.canceled);
  if (!missed.length) return { message: `Canceled ${canceled} payment session${canceled === 1 ? '' : 's'}`, partial: false };
  const named = missed.slice(0, NAMED).map((o) => `${o.id} (${o.message ?? o.code ?? 'not canceled'})`);
  const more = missed.length > NAMED ? `; and ${missed.length - NAMED} more` : '';
  return { message: `Canceled ${canceled} of ${outcomes.length} sessions. Not canceled: ${named.join('; ')}${more}`, partial: true };
}
