// The client's address, decided once per request by the web server (scripts/web.ts) from the socket.
// X-Forwarded-For is anyone's to write, so it is read only when the socket peer is one of the
// proxies the operator named in TRUSTED_PROXIES; then the chain is walked from the right (the entry
// our proxy appended) past every trusted hop, and the first untrusted address is the client.
import "server-only";
import ipaddr from "ipaddr.js";

/** The request header carrying the client's address; only our web server sets it (a client's copy is dropped). */
export const CLIENT_ADDRESS_HEADER = "x-isession-client-address";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type TrustedProxies = readonly Range[];

/** Parses one IP or CIDR, e.g. "10.0.0.0/8", "::1", "203.0.113.7". Throws on anything else. */
function parseRange(entry: string): Range {
  if (entry.includes("/")) {
    const [addr, bits] = ipaddr.parseCIDR(entry);
    const mapped = addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96;
    return mapped ? [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96] : [addr, bits];
  }
  const addr = normalise(ipaddr.parse(entry));
  return [addr, addr.kind() === "ipv4" ? 32 : 128];
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1, how a dual-stack socket reports IPv4 peers) becomes IPv4. */
function normalise(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

/** The error for one TRUSTED_PROXIES entry, or null when it is a valid IP or CIDR. */
export function trustedProxyEntryError(entry: string): string | null {
  try {
    parseRange(entry);
    return null;
  } catch {
    return `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`;
  }
}

/** "10.0.0.0/8, ::1" -> ranges. Empty: trust no proxy (the socket address is the client). */
export function parseTrustedProxies(list: string): TrustedProxies {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseRange);
}

/** A canonical address string (IPv4-mapped shown as IPv4), or null when `value` is not an address. */
export function canonicalAddress(value: string | undefined): string | null {
  if (!value) return null;
  const bare = value.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(bare)) return null;
  const addr = normalise(ipaddr.parse(bare));
  return addr.kind() === "ipv6" ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function isTrusted(address: string, trusted: TrustedProxies): boolean {
  const addr = normalise(ipaddr.parse(address));
  return trusted.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/**
 * The client of a request that reached us from `peer` (the socket's remote address) carrying
 * `forwardedFor` (X-Forwarded-For, comma-joined if repeated). With no trusted proxies, or an
 * untrusted peer, the peer is the client whatever the header says.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string | null {
  let client = canonicalAddress(peer);
  if (!client || trusted.length === 0 || !isTrusted(client, trusted)) return client;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(hops[i]);
    // A hop that is not an address means the chain is broken here: stop at the last good one.
    if (!hop) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return client;
  }
  return client;
}

/** True when the socket peer is a trusted proxy (its X-Forwarded-Proto/-Host may be believed). */
export function isTrustedPeer(peer: string | undefined, trusted: TrustedProxies): boolean {
  const addr = canonicalAddress(peer);
  return addr !== null && trusted.length > 0 && isTrusted(addr, trusted);
}

export type ClientDecision = { client: string | null; trustedPeer: boolean };

const DECISIONS_MAX = 10_000;

/**
 * resolveClientAddress and isTrustedPeer for one TRUSTED_PROXIES list, remembered per (peer,
 * X-Forwarded-For): the same pairs come back on every request of a connection, and parsing them
 * was a per-request cost of the chat line (docs/performance.md). A pure function of its inputs, so
 * remembering changes no answer; at most DECISIONS_MAX pairs, the oldest forgotten first.
 */
export function clientDecider(trusted: TrustedProxies): (peer: string | undefined, forwardedFor: string | undefined) => ClientDecision {
  const memo = new Map<string, ClientDecision>();
  return (peer, forwardedFor) => {
    // Without a trusted proxy the header is never read, so it is no part of the key.
    const key = trusted.length === 0 ? (peer ?? "") : `${peer ?? ""}\n${forwardedFor ?? ""}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const decision = { client: resolveClientAddress(peer, forwardedFor, trusted), trustedPeer: isTrustedPeer(peer, trusted) };
    if (memo.size >= DECISIONS_MAX) memo.delete(memo.keys().next().value!);
    memo.set(key, decision);
    return decision;
  };
}
