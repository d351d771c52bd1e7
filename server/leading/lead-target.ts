// Where followers may be led. A lead opens the address in every follower's browser, inside their own
// network: leading them to loopback or private addresses would make our product the way to reach
// their router, their intranet or services on their own machine. So a lead target must be public,
// unless it is the app's own origin (our own site) or the development allowlist
// (FRAME_PROBE_ALLOW_HOSTS) names its host.
import "server-only";
import dns from "node:dns";
import { AppError } from "../errors";
import { bareHost, hostAllowed, isIpLiteral, isLocalName, isPrivateAddress } from "./address";

export type LeadTargetRule = {
  /** The app's own origin (NEXTAUTH_URL): always a fine target. */
  appOrigin: string;
  /** Hosts allowed although private (development and tests). */
  allowHosts: readonly string[];
  /** Resolves a name to every address (tests may pass their own). */
  lookup?: (hostname: string) => Promise<string[]>;
};

const RESOLVE_TIMEOUT_MS = 2000;

function resolveAll(hostname: string): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), RESOLVE_TIMEOUT_MS);
    dns.lookup(hostname, { all: true }, (err, addresses) => {
      clearTimeout(timer);
      resolve(err ? [] : addresses.map((a) => a.address));
    });
  });
}

export const PRIVATE_TARGET_MESSAGE =
  "That address is on a private network or this computer (localhost), so it can't be shared: the others would open it on their own network. Lead to a public web address.";

/**
 * Refuses (BAD_REQUEST, details.reason "private_target") an http(s) URL whose host is a private,
 * loopback, link-local or reserved IP literal, a local-only name (localhost, *.localhost, *.local,
 * *.home.arpa, *.internal), or a name that resolves to such an address here. A name that does not
 * resolve here is let through: it may be public elsewhere, and nothing is fetched from it.
 */
export async function assertLeadTarget(rawUrl: string, rule: LeadTargetRule): Promise<void> {
  const url = new URL(rawUrl);
  if (url.origin === rule.appOrigin || hostAllowed(url.hostname, rule.allowHosts)) return;
  const host = bareHost(url.hostname);
  const refuse = () => new AppError("BAD_REQUEST", PRIVATE_TARGET_MESSAGE, { reason: "private_target" });
  if (isIpLiteral(host)) {
    if (isPrivateAddress(host)) throw refuse();
    return;
  }
  if (isLocalName(host)) throw refuse();
  const addresses = await (rule.lookup ?? resolveAll)(host);
  if (addresses.some((a) => isPrivateAddress(a))) throw refuse();
}
