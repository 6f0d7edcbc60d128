import * as ipaddr from 'ipaddr.js';

/**
 * Which addresses may receive server-side requests (webhooks), judged on the address itself:
 * - `public`: global unicast, always allowed;
 * - `private`: loopback, RFC 1918, carrier-grade NAT and IPv6 unique-local space, allowed only
 *   with CALLBACK_ALLOW_PRIVATE_NETWORKS (a developer's receiver on their own machine);
 * - `forbidden`: never, whatever the setting: link-local (169.254.0.0/16, fe80::/10, where
 *   cloud metadata services answer), the metadata addresses themselves (`fd00:ec2::254`,
 *   `100.100.100.200`), unspecified, broadcast, multicast and other reserved space.
 */
export type AddressClass = { kind: 'public' | 'private' | 'forbidden'; range: string };

const PRIVATE_RANGES = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal']);
/** Cloud instance metadata services outside link-local space (AWS IPv6, Alibaba Cloud). */
const METADATA = new Set(['fd00:ec2::254', '100.100.100.200']);

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one that is reached through it:
 * IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, deprecated but still routed to
 * the IPv4 address by some stacks), NAT64 (`64:ff9b::/96`) and 6to4 (`2002:AABB:CCDD::/48`).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const last32 = () => new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  if (p.slice(0, 6).every((x) => x === 0) && !(p[6] === 0 && p[7] <= 1)) return last32();
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return last32();
  if (p[0] === 0x2002) return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  return null;
}

/** Classifies an IP address (v4 or v6, any spelling ipaddr.js reads); null when `text` is not one. */
export function classifyAddress(text: string): AddressClass | null {
  const literal = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(literal)) return null;
  let address = ipaddr.parse(literal);
  if (address.kind() === 'ipv6') address = embeddedIPv4(address as ipaddr.IPv6) ?? address;
  const range = address.range();
  if (METADATA.has(address.toNormalizedString()) || METADATA.has(address.toString())) return { kind: 'forbidden', range: 'cloud metadata' };
  if (range === 'unicast') return { kind: 'public', range };
  return { kind: PRIVATE_RANGES.has(range) ? 'private' : 'forbidden', range };
}

/**
 * A URL's host as it will be resolved: lower case, without IPv6 brackets and without the
 * trailing dots DNS ignores (`LOCALHOST.` → `localhost`). Numeric IPv4 spellings (`2130706433`,
 * `0x7f.1`) are already made dotted quads by the WHATWG URL parser.
 */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

/** Names that always mean this machine or the cloud's metadata service, whatever DNS says. */
function reservedName(host: string): { kind: 'private' | 'forbidden'; what: string } | null {
  if (host === 'localhost' || host.endsWith('.localhost')) return { kind: 'private', what: 'localhost' };
  if (host === 'metadata.google.internal' || host === 'metadata') return { kind: 'forbidden', what: 'a cloud metadata service' };
  return null;
}

/**
 * Why a host (a name or a literal address, any spelling) must not receive server-side
 * requests, or null when it may. Names are judged here only when they are reserved
 * (`localhost`); the connect-time check judges what they resolve to.
 */
export function hostProblem(hostname: string, options: { allowPrivateNetworks: boolean }): string | null {
  const host = normalizeHost(hostname);
  const name = reservedName(host);
  if (name) return name.kind === 'forbidden' || !options.allowPrivateNetworks ? `must not point at ${name.what}` : null;
  const address = classifyAddress(host);
  if (!address || address.kind === 'public') return null;
  if (address.kind === 'private' && options.allowPrivateNetworks) return null;
  return `must not point at a ${address.range} address`;
}

/**
 * Why a URL's host must not receive server-side requests, judged from the URL alone, with
 * private networks closed. Names are checked again at connect time against what they resolve to.
 */
export function privateHostProblem(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 'is not a valid URL';
  }
  return hostProblem(host, { allowPrivateNetworks: false });
}

/**
 * Why `url` must not receive webhooks under this configuration, or null when it may.
 * CALLBACK_ALLOW_PRIVATE_NETWORKS opens loopback and private ranges, never link-local or
 * metadata addresses. Outside production the message says how to allow loopback and private
 * networks (a developer's receiver on their own machine); in production it does not mention
 * server settings.
 */
export function callbackUrlProblem(url: string, options: { allowPrivateNetworks: boolean; production: boolean }): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 'is not a valid URL';
  }
  const problem = hostProblem(host, { allowPrivateNetworks: options.allowPrivateNetworks });
  if (!problem || options.production || options.allowPrivateNetworks) return problem;
  if (hostProblem(host, { allowPrivateNetworks: true })) return problem;
  return `${problem} (in development, set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow loopback and private networks)`;
}
