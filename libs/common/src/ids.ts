import { monotonicFactory } from 'ulid';

/** Type prefixes of every id the product hands out (docs/CONTRACT.md, Scalars). */
export type IdPrefix = 'org' | 'key' | 'ps' | 'ct' | 'cc' | 'evt' | 'whs' | 'whd' | 'wha' | 'pay' | 'stf' | 'aud' | 'lem' | 'ptn';

// Monotonic so that ids minted in the same millisecond still sort in creation order:
// rows then append to the primary key index instead of landing in random pages.
const nextUlid = monotonicFactory();

/** A new opaque, time-ordered id such as `ps_01JD3Y…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}
