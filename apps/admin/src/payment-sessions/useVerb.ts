import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';

/** What a verb reports when it is done: the notification's text, its kind, and whether it stays until closed. */
export interface VerbDone {
  message: string;
  type?: 'success' | 'warning';
  /** Keep the notification open until the user closes it (a result to read, not a confirmation). */
  lasting?: boolean;
}

/**
 * A domain verb as the console's buttons run it (react-admin's examples: a small button, a typed
 * dataProvider method, then notify and refresh): `run` calls the API; its answer is notified and
 * the view refreshed; a failure is notified with the API's message (or `failure`). `busy` is true
 * meanwhile. Whether the verb applies at all is the API's to say (`canCancel`, `canRedeliver`).
 */
export function useVerb<A extends unknown[]>(run: (dataProvider: AdminDataProvider, ...args: A) => Promise<VerbDone>, failure: string) {
  const dataProvider = useDataProvider<AdminDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);

  /** Runs the verb; resolves to whether it succeeded. */
  const invoke = async (...args: A): Promise<boolean> => {
    setBusy(true);
    try {
      const done = await run(dataProvider, ...args);
      notify(done.message, { type: done.type ?? 'success', ...(done.lasting ? { autoHideDuration: null, multiLine: true } : {}) });
      refresh();
      return true;
    } catch (error) {
      notify((error as Error).message || failure, { type: 'error' });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, invoke };
}
