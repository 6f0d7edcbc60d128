/** The bounds of the strings that start with a prefix (see {@link prefixRange}). */
export interface PrefixRange {
  /** The prefix itself: the smallest string that starts with it. */
  from: string;
  /** The smallest string after every one that starts with the prefix; null when there is none (no upper bound). */
  to: string | null;
}

const MAX_CODE_POINT = 0x10ffff;

/**
 * The half-open range `[from, to)` of the strings that start with `prefix`, in code-point order:
 * `col >= from AND col < to` finds them through an index range scan on a column compared byte for
 * byte (SQLite's BINARY, MariaDB's NO PAD binary collations, which order UTF-8 by code point),
 * identically on both databases, with no wildcard to escape. It is what the LIKE optimization of
 * either database turns `col LIKE 'prefix%'` into when it can; SQLite cannot for a column compared
 * byte for byte (its LIKE ignores ASCII case), hence the range. `to` is `prefix` with its last
 * code point one higher (U+10FFFF dropped and the one before raised; surrogates skipped).
 *
 * @example prefixRange('ord') → { from: 'ord', to: 'ore' }
 */
export function prefixRange(prefix: string): PrefixRange {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length) {
    const last = points.pop()!;
    if (last < MAX_CODE_POINT) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return { from: prefix, to: String.fromCodePoint(...points, next) };
    }
  }
  return { from: prefix, to: null };
}
