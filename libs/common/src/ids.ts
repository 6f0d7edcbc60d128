import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Type prefixes of every id the product hands out (docs/CONTRACT.md, Scalars). */
export type IdPrefix = 'org' | 'key' | 'ps' | 'ct' | 'cc' | 'evt' | 'whs' | 'whd' | 'wha' | 'pay' | 'stf' | 'aud' | 'lem' | 'ptn';

/** Bytes of randomness drawn from node:crypto at a time for ids. */
const POOL_BYTES = 4096;

/**
 * ulid's random source: a fraction in [0, 1) from one byte of node:crypto's CSPRNG, taken from a
 * pool filled POOL_BYTES at a time. ulid's own source in Node asks node:crypto for one byte per
 * character (16 calls for each id minted in a new millisecond), which was 4 % of a create's CPU
 * (README, Performance). A byte / 256 picks each of the 32 Crockford characters with the same
 * chance (256 is a multiple of 32), as ulid's own source does.
 */
function pooledRandomFraction(): () => number {
  const pool = Buffer.alloc(POOL_BYTES);
  let next = POOL_BYTES;
  return () => {
    if (next === POOL_BYTES) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++] / 256;
  };
}

// Monotonic so that ids minted in the same millisecond still sort in creation order:
// rows then append to the primary key index instead of landing in random pages.
const nextUlid = monotonicFactory(pooledRandomFraction());

/** A new opaque, time-ordered id such as `ps_01JD3Y…`: the prefix, `_`, and a 26-character ULID. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}
