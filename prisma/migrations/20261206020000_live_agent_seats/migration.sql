-- A routing round reads every routable agent's load (server/routing/load.ts `routableAgents`): the
-- org's live agent seats and its pending offers, each grouped by membership. The indexes it had
-- found those through grow with history or with the other tenants: ("role", "leftAt") holds every
-- org's live agent seats, and ("orgId", "membershipId", "status") every offer the org ever made.
-- These two hold only what a round counts, so its read stays as small as the org's live sessions
-- and ringing offers, whatever the history and the other tenants (bench/routing-history.bench.ts,
-- docs/routing.md).
CREATE INDEX "Participant_live_agent_seats_idx" ON "Participant"("orgId", "membershipId")
WHERE "leftAt" IS NULL AND "role" = 'AGENT' AND "membershipId" IS NOT NULL;

CREATE INDEX "QueueOffer_pending_idx" ON "QueueOffer"("orgId", "membershipId")
WHERE "status" = 'PENDING';
