// Webhook URLs are requests our servers make to an address a customer typed, so they reach public
// addresses only (server/leading/address.ts classifies them with ipaddr.js): checked when the URL is
// saved, and again at every delivery on the very addresses the socket connects to (a name that
// resolved to a public address at save time and to 127.0.0.1 now is refused: DNS rebinding).
// WEBHOOK_ALLOW_PRIVATE_HOSTS opens named hosts for development and tests.
import "server-only";
import dns from "node:dns";
import net from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { bareHost, hostAllowed, isIpLiteral, isLocalName, isPrivateAddress, parseAllowHosts } from "../leading/address";

export const PRIVATE_URL_MESSAGE = "Webhook URLs must point at a public address.";

export class RefusedAddressError extends Error {
  constructor() {
    super("refused: not a public address");
  }
}

/** The development allow-list, from WEBHOOK_ALLOW_PRIVATE_HOSTS. */
export function webhookAllowHosts(): string[] {
  return parseAllowHosts(env.WEBHOOK_ALLOW_PRIVATE_HOSTS);
}

/** Every address a host name resolves to. Production uses the system resolver; tests pass their own. */
export type Resolve = (host: string) => Promise<{ address: string; family?: number }[]>;
const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * Throws BAD_REQUEST unless `rawUrl` is an http(s) URL whose host is allow-listed or resolves only
 * to public addresses. Returns the normalised URL.
 */
export async function checkWebhookUrl(rawUrl: string, opts: { allowHosts?: readonly string[]; resolve?: Resolve } = {}): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AppError("BAD_REQUEST", "Enter a full URL, e.g. https://example.com/hooks/isession.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AppError("BAD_REQUEST", "Webhook URLs start with https:// (or http://).");
  if (url.username || url.password) throw new AppError("BAD_REQUEST", "Webhook URLs may not carry a user name or password.");
  const allowHosts = opts.allowHosts ?? webhookAllowHosts();
  if (hostAllowed(url.hostname, allowHosts)) return url.toString();
  const host = bareHost(url.hostname);
  if (isIpLiteral(host)) {
    if (isPrivateAddress(host)) throw new AppError("BAD_REQUEST", PRIVATE_URL_MESSAGE);
    return url.toString();
  }
  if (isLocalName(host)) throw new AppError("BAD_REQUEST", PRIVATE_URL_MESSAGE);
  let addresses: { address: string }[];
  try {
    addresses = await (opts.resolve ?? systemResolve)(host);
  } catch {
    throw new AppError("BAD_REQUEST", `The host ${host} could not be found. Check the URL.`);
  }
  if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) throw new AppError("BAD_REQUEST", PRIVATE_URL_MESSAGE);
  return url.toString();
}

/**
 * For a delivery: whether the host is allow-listed, and the socket lookup that refuses a private
 * address among those a name resolves to. An IP literal is judged before any socket opens (Node
 * connects to it without a lookup). `resolve` replaces the system resolver (tests); without it the
 * socket's own lookup options (address family) are passed to dns.lookup.
 */
export function deliveryGuard(
  url: URL,
  allowHosts: readonly string[],
  resolve?: Resolve,
): { refusedLiteral: boolean; lookup: net.LookupFunction } {
  const allowed = hostAllowed(url.hostname, allowHosts);
  const host = bareHost(url.hostname);
  const refusedLiteral = !allowed && (isIpLiteral(host) ? isPrivateAddress(host) : isLocalName(host));
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    const resolving = resolve ? resolve(hostname) : dns.promises.lookup(hostname, { ...options, all: true });
    resolving.then(
      (found) => {
        const list: dns.LookupAddress[] = found.map((a) => ({ address: a.address, family: a.family ?? (net.isIPv6(a.address) ? 6 : 4) }));
        if (!allowed && (list.length === 0 || list.some((a) => isPrivateAddress(a.address))))
          return callback(new RefusedAddressError(), "", 4);
        if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
        callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
  return { refusedLiteral, lookup };
}
