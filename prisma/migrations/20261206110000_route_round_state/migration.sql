-- A dispatch round's read in ONE round trip (docs/routing.md, "A round in three round trips").
-- It takes the org's routing lock (the same key as lockOrgRouting in server/routing/lock.ts) and
-- then reads what the round decides on: the org's settings, the agents in the states the caller
-- names with their load, the head of the line and the seats the org's cap counts. The decision
-- itself stays in Node (server/routing/dispatch.ts, planRound).
--
-- A VOLATILE plpgsql function takes a fresh snapshot per statement (READ COMMITTED), so what it
-- reads after waiting for the lock is what committed meanwhile, exactly as separate statements
-- from Node after lockOrgRouting. The lock is a transaction lock: the caller runs this inside
-- BEGIN ... COMMIT with the round's writes.
--
-- Answers one json value:
--   { org: null }                                          no such org
--   { org: {status, routingMode, ringTimeoutSec, maxConcurrentSeats, agentStatuses},
--     agents: [{membershipId, capacity, autoAccept, idleSince, load, pending}],
--     entries: [{id, visitorId, routingMode, ringTimeoutSec, maxSeats, sessionStatus, asked}],
--     seatsHeld: int | null }
-- entries is empty when the org is not active or no agent is below capacity (nothing to offer),
-- and seatsHeld is null when the org has no seat cap.
-- The seats an org's cap counts, in ONE statement (one snapshot): participants seated in live
-- sessions plus the seats held for entries offered and not yet answered. An accept runs without the
-- org's lock, and one committing between two separate reads would be counted in neither (its entry
-- no longer offered, its seats not yet seen). p_not_seats: roles that hold no seat of the cap
-- (unseen staff, auditorium attendees); p_except: an entry not to count (the one being placed).
-- Called by route_round_state and by server/routing/load.ts seatsHeld, so both count alike.
CREATE OR REPLACE FUNCTION route_seats_held(p_org text, p_except text, p_not_seats text[], p_seats_per_session int) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT (
    (SELECT count(*) FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
      WHERE pt."orgId" = p_org AND pt."leftAt" IS NULL AND s.status = 'ACTIVE' AND pt.role::text <> ALL(p_not_seats))
    + (SELECT coalesce(sum(CASE WHEN s.status = 'ACTIVE' THEN p_seats_per_session - 1 ELSE p_seats_per_session END), 0)
      FROM "QueueEntry" e LEFT JOIN "Session" s ON s."queueEntryId" = e.id
      WHERE e."orgId" = p_org AND e.status = 'OFFERED' AND e.id IS DISTINCT FROM p_except)
  )::int
$$;

CREATE OR REPLACE FUNCTION route_round_state(
  p_org text, p_routable text[], p_batch int, p_not_seats text[], p_seats_per_session int
) RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_org json;
  v_active boolean;
  v_cap int;
  v_agents json;
  v_free boolean;
  v_entries json;
  v_seats int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('route:' || p_org, 0));

  SELECT json_build_object('status', o.status::text, 'routingMode', o."routingMode"::text,
           'ringTimeoutSec', o."ringTimeoutSec", 'maxConcurrentSeats', o."maxConcurrentSeats",
           'agentStatuses', o."agentStatuses"),
         o.status::text = 'ACTIVE', o."maxConcurrentSeats"
    INTO v_org, v_active, v_cap
    FROM "Organization" o WHERE o.id = p_org;
  IF v_org IS NULL THEN
    RETURN json_build_object('org', NULL);
  END IF;
  IF NOT v_active OR cardinality(p_routable) = 0 THEN
    RETURN json_build_object('org', v_org, 'agents', '[]'::json, 'entries', '[]'::json, 'seatsHeld', NULL);
  END IF;

  -- The agents and their load: the statement routableAgents ran (MATERIALIZED counts, one grouped
  -- pass each; an agent's live sessions are its seats not yet left; docs/routing.md says why).
  WITH agents AS MATERIALIZED (
    SELECT p."membershipId", p.capacity, p."autoAccept", p."idleSince"
    FROM "AgentPresence" p JOIN "Membership" m ON m.id = p."membershipId"
    WHERE p."orgId" = p_org AND m.active AND p.status = ANY(p_routable)
  ), seated AS MATERIALIZED (
    SELECT pt."membershipId", count(*)::int AS n
    FROM "Participant" pt
    WHERE pt."orgId" = p_org AND pt."leftAt" IS NULL AND pt.role = 'AGENT' AND pt."membershipId" IS NOT NULL
    GROUP BY pt."membershipId"
  ), offered AS MATERIALIZED (
    SELECT o."membershipId", count(*)::int AS n
    FROM "QueueOffer" o
    WHERE o."orgId" = p_org AND o.status = 'PENDING'
    GROUP BY o."membershipId"
  ), loads AS (
    SELECT a.*, coalesce(seated.n, 0) AS load, coalesce(offered.n, 0) AS pending
    FROM agents a
    LEFT JOIN seated ON seated."membershipId" = a."membershipId"
    LEFT JOIN offered ON offered."membershipId" = a."membershipId"
  )
  SELECT coalesce(json_agg(json_build_object('membershipId', l."membershipId", 'capacity', l.capacity,
           'autoAccept', l."autoAccept", 'idleSince', l."idleSince", 'load', l.load, 'pending', l.pending)
           ORDER BY l."idleSince", l."membershipId"), '[]'::json),
         coalesce(bool_or(l.load + l.pending < l.capacity), false)
    INTO v_agents, v_free
    FROM loads l;
  IF NOT v_free THEN
    RETURN json_build_object('org', v_org, 'agents', v_agents, 'entries', '[]'::json, 'seatsHeld', NULL);
  END IF;

  -- The head of the line, with the offers made for each entry so far, by agent.
  SELECT coalesce(json_agg(json_build_object('id', w.id, 'visitorId', w."visitorId", 'routingMode', w."routingMode",
           'ringTimeoutSec', w."ringTimeoutSec", 'maxSeats', w."maxSeats", 'sessionStatus', w."sessionStatus",
           'asked', w.asked) ORDER BY w.n), '[]'::json)
    INTO v_entries
    FROM (
      SELECT e.id, e."visitorId", sc."routingMode"::text AS "routingMode", sc."ringTimeoutSec", sc."maxSeats",
        s.status::text AS "sessionStatus",
        COALESCE((SELECT json_object_agg(x."membershipId", x.n) FROM (
          SELECT o."membershipId", count(*)::int AS n FROM "QueueOffer" o
          WHERE o."orgId" = p_org AND o."queueEntryId" = e.id GROUP BY o."membershipId") x), '{}'::json) AS asked,
        row_number() OVER (ORDER BY e.priority DESC, e."enqueuedAt" ASC, e.id ASC) AS n
      FROM "QueueEntry" e
      JOIN "Scenario" sc ON sc.id = e."scenarioId"
      LEFT JOIN "Session" s ON s."queueEntryId" = e.id
      WHERE e."orgId" = p_org AND e.status = 'WAITING'
      ORDER BY e.priority DESC, e."enqueuedAt" ASC, e.id ASC
      LIMIT p_batch
    ) w;

  IF v_cap IS NOT NULL THEN
    v_seats := route_seats_held(p_org, NULL, p_not_seats, p_seats_per_session);
  END IF;

  RETURN json_build_object('org', v_org, 'agents', v_agents, 'entries', v_entries, 'seatsHeld', v_seats);
END
$$;
