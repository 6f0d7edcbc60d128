import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `check` holds: for what background work (the webhook worker, the expiry sweep, a
 * browser) does in its own time. The bound only keeps a broken build from hanging the suite, so it
 * is generous: a loaded machine may take many times longer than an idle one, and a test must not
 * fail for that.
 */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not true within ${timeoutMs / 1000} s: ${what}`);
    await sleep(100);
  }
}
