// The one way an agent's status change is told to the org's staff (their rosters and the live
// monitor): the agent's own switch, a deactivation and a removed custom status all send this.
import "server-only";
import { EVENTS, type AgentStatusChanged } from "../../lib/realtime-events";
import type { Notice } from "../realtime/notices";

export function agentStatusNotice(orgId: string, s: AgentStatusChanged): Notice {
  // Built field by field: every sender's payload has the same keys in the same order.
  const data: AgentStatusChanged = { membershipId: s.membershipId, status: s.status, since: s.since, capacity: s.capacity };
  return { audience: { to: "orgStaff", orgId }, event: EVENTS.agentStatus, data };
}
