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

/**
 * Why `url` must not receive webhooks under this configuration, or null when it may. Outside
 * production the message says how to allow loopback and private networks (a developer's
 * receiver on their own machine); in production it does not mention server settings.
 */
export function callbackUrlProblem(url: string, options: { allowPrivateNetworks: boolean; production: boolean }): string | null {
  if (options.allowPrivateNetworks) return null;
  const problem = privateHostProblem(url);
  if (!problem || options.production) return problem;
  return `${problem} (in development, set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow loopback and private networks)`;
}
