// Which addresses and host names are public, for the framing probe (an outbound request made on a
// user's behalf) and for lead targets (followers' browsers). Classification is done on the parsed
// address by ipaddr.js, never on its spelling: "::ffff:7f00:1", "::ffff:127.0.0.1" and "127.0.0.1"
// are one address.
import "server-only";
import ipaddr from "ipaddr.js";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** IANA's global unicast space; everything else in IPv6 is special-purpose or unassigned. */
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");

const v4 = (hi: number, lo: number): IPv4 => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/**
 * The IPv4 addresses an IPv6 address carries and reaches through a translator or tunnel, or
 * undefined when it carries none. An empty list means "carries one, but we cannot tell which".
 */
function embeddedIPv4(ip: IPv6): IPv4[] | undefined {
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  switch (ip.range()) {
    case "ipv4Mapped": // ::ffff:a.b.c.d (the socket connects to a.b.c.d)
      return [ip.toIPv4Address()];
    case "rfc6052": // NAT64: 64:ff9b::a.b.c.d; the local-use 64:ff9b:1::/48 has operator-chosen layouts
      return ip.match(NAT64_WELL_KNOWN) ? [v4(p[6], p[7])] : [];
    case "6to4": // 2002:AABB:CCDD::/48
      return [v4(p[1], p[2])];
    case "teredo": // 2001:0:server:server:flags:port:~client:~client
      return [v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff)];
    default:
      return undefined;
  }
}

/**
 * The ipaddr.js range of an address ("unicast" is the only public one), with IPv6 addresses that
 * embed IPv4 judged by what they embed ("6to4/private"), or "invalid" for what is not an address.
 * Brackets (URL hostnames) and IPv4 spellings such as "0x7f.1" or "2130706433" are accepted.
 */
export function addressRange(address: string): string {
  const text = address.replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(text)) return "invalid";
  const ip = ipaddr.parse(text);
  if (ip.kind() === "ipv4") return (ip as IPv4).range();
  const ip6 = ip as IPv6;
  // A zone ("fe80::1%eth0") only means something on this machine's own links.
  if (ip6.zoneId) return "scoped";
  const embedded = embeddedIPv4(ip6);
  if (embedded) {
    const inner = embedded.length ? embedded.map((a) => a.range()).find((r) => r !== "unicast") : "unknown";
    return inner ? `${ip6.range()}/${inner}` : "unicast";
  }
  const range = ip6.range();
  if (range !== "unicast") return range;
  // Includes the deprecated IPv4-compatible ::a.b.c.d (::/96), which no real host uses.
  return ip6.match(GLOBAL_UNICAST) ? "unicast" : "unassigned";
}

/** True only for addresses a public web page can live at. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

/** True for addresses a public web page never lives at (and for anything that is not an address). */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
}

/** A URL's hostname as compared: lower case, no IPv6 brackets, no trailing dot. */
export function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/** An IP literal (any spelling ipaddr.js reads), as opposed to a name. */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(bareHost(hostname));
}

/**
 * Names that only mean something on the local machine or network, whatever public DNS says:
 * localhost and *.localhost (RFC 6761), *.local (mDNS, RFC 6762), *.home.arpa (RFC 8375) and
 * *.internal (reserved for private use by ICANN).
 */
export function isLocalName(hostname: string): boolean {
  const host = bareHost(hostname);
  return host === "localhost" || /\.(localhost|local|home\.arpa|internal)$/.test(host);
}

/** Whether the development allowlist (FRAME_PROBE_ALLOW_HOSTS) names this host. */
export function hostAllowed(hostname: string, allowHosts: readonly string[]): boolean {
  const host = bareHost(hostname);
  return allowHosts.some((h) => bareHost(h.trim()) === host);
}

/** FRAME_PROBE_ALLOW_HOSTS, comma-separated, as a list. */
export function parseAllowHosts(value: string): string[] {
  return value
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
}
