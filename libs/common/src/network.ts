import * as ipaddr from 'ipaddr.js';

/**
 * Why a URL's host must not receive server-side requests, judged from the URL alone: a
 * literal IP (v4, v6, or v4-mapped v6) outside public unicast space, or a localhost name.
 * Names are checked again at connect time against what they resolve to.
 */
export function privateHostProblem(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'is not a valid URL';
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at localhost';
  const literal = host.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return null;
  const range = ipaddr.process(literal).range();
  return range === 'unicast' ? null : `must not point at a ${range} address`;
}
