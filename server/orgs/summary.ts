// The fields of an organization every list of orgs shows (reseller portal, operator console).
import "server-only";

export const ORG_SUMMARY_SELECT = {
  id: true,
  name: true,
  slug: true,
  status: true,
  plan: true,
  suspendedAt: true,
  suspendedReason: true,
  createdAt: true,
} as const;
