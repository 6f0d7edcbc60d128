import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * A DataLoader that lives as long as one request (`scope`, the GraphQL context's request), so
 * that N sessions in a page cost one query for their contacts, and nothing is cached across
 * requests or organizations.
 */
export function requestLoader<V>(scope: object, name: string, batch: (keys: readonly string[]) => Promise<(V | null)[]>): DataLoader<string, V | null> {
  let perRequest = loaders.get(scope);
  if (!perRequest) {
    perRequest = new Map();
    loaders.set(scope, perRequest);
  }
  let loader = perRequest.get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(batch, { maxBatchSize: 500 });
    perRequest.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

/** Orders `rows` to match `keys`, with null where a key found nothing. */
export function byKeys<V>(keys: readonly string[], rows: V[], keyOf: (row: V) => string): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}
