-- The plain one-on-one accept in ONE round trip (docs/routing.md, "The accept in one round trip").
-- It is the same sequence of statements acceptInTx (server/routing/offers.ts) and
-- startSessionForEntry (server/sessions/start-session.ts) run through Prisma's interactive
-- transaction, moved into the database: a VOLATILE plpgsql function takes a fresh snapshot for
-- each statement (READ COMMITTED), so what is read after a row lock was waited for is what
-- committed meanwhile, exactly as with separate statements. Lock order is unchanged: the agent's
-- presence row, then the entry's row.
--
-- Answers one row: status
--   'ok'         the session is started: session_id, entry_id, withdrawn (other offers: [{id, membershipId}])
--   'slow'       not a plain case (a room, a visitor waiting inside a live session, or an org with a
--                webhook on session.started): nothing was written; the caller runs the general path
--   'not_found' | 'withdrawn' | 'closed' | 'expired' | 'capacity' (with capacity): nothing was written
CREATE OR REPLACE FUNCTION route_accept_plain(
  p_org text, p_offer text, p_member text, p_now timestamptz,
  p_session text, p_agent_seat text, p_visitor_seat text
) RETURNS TABLE (status text, capacity int, session_id text, entry_id text, withdrawn jsonb)
LANGUAGE plpgsql VOLATILE AS $$
-- The answer's column names (status, ...) are also table columns: in statements, they mean the columns.
#variable_conflict use_column
DECLARE
  v_shared boolean;
  v_agent record;
  v_entry_id text;
  r record;
  v_title text;
  v_agent_name text;
  v_visitor_name text;
  v_agent_avatar text;
  v_visitor_avatar text;
  v_withdrawn jsonb;
BEGIN
  -- Rooms and requeued visitors touch rows other routing decisions share (the org's lock); a
  -- webhook on session.started is queued by the general path. Read before any lock or write.
  SELECT sc.kind <> 'ONE_ON_ONE'
      OR EXISTS (SELECT 1 FROM "Session" s WHERE s."queueEntryId" = e.id)
      OR EXISTS (SELECT 1 FROM "WebhookEndpoint" w WHERE w."orgId" = e."orgId" AND w.enabled AND 'session.started' = ANY(w.events))
    INTO v_shared
    FROM "QueueOffer" o JOIN "QueueEntry" e ON e.id = o."queueEntryId" JOIN "Scenario" sc ON sc.id = e."scenarioId"
    WHERE o.id = p_offer AND o."orgId" = p_org;
  IF NOT FOUND THEN RETURN QUERY SELECT 'not_found', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF v_shared THEN RETURN QUERY SELECT 'slow', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;

  -- The agent's row (load.ts, lockedAgent: seats not left are live sessions).
  SELECT p.capacity AS cap, (SELECT count(*)::int FROM "Participant" pt
      WHERE pt."orgId" = p_org AND pt."membershipId" = p."membershipId" AND pt."leftAt" IS NULL AND pt.role = 'AGENT') AS load
    INTO v_agent
    FROM "AgentPresence" p WHERE p."membershipId" = p_member
    FOR NO KEY UPDATE;
  IF NOT FOUND THEN RETURN QUERY SELECT 'not_found', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;

  -- Then the entry's row.
  SELECT e.id INTO v_entry_id FROM "QueueEntry" e
    WHERE e.id = (SELECT o."queueEntryId" FROM "QueueOffer" o WHERE o.id = p_offer AND o."orgId" = p_org AND o."membershipId" = p_member)
    FOR NO KEY UPDATE;
  IF NOT FOUND THEN RETURN QUERY SELECT 'not_found', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;

  -- The offer as it is now, with what the session needs (offers.ts, offeredEntry).
  SELECT o.status::text AS offer_status, o."expiresAt" AS expires_at, e.status::text AS entry_status,
      e.id, e."launcherId" AS launcher_id, e."visitorId" AS visitor_id, e.question, e."referrerUrl" AS referrer_url,
      e."avatarUrl" AS entry_avatar, e."clientAddress" AS client_address,
      org.name AS org_name, sc.id AS scenario_id, sc."batonPolicy"::text AS baton_policy, sc.avatars,
      v.name AS visitor_name, m."displayName" AS member_display_name, m."avatarUrl" AS member_avatar, u.name AS user_name, u.email AS user_email,
      EXISTS (SELECT 1 FROM "Session" s WHERE s."queueEntryId" = e.id) AS has_session
    INTO r
    FROM "QueueOffer" o
    JOIN "QueueEntry" e ON e.id = o."queueEntryId"
    JOIN "Organization" org ON org.id = e."orgId"
    JOIN "Scenario" sc ON sc.id = e."scenarioId"
    JOIN "Visitor" v ON v.id = e."visitorId"
    JOIN "Membership" m ON m.id = p_member
    JOIN "User" u ON u.id = m."userId"
    WHERE o.id = p_offer;
  IF NOT FOUND THEN RETURN QUERY SELECT 'not_found', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF r.offer_status = 'WITHDRAWN' THEN RETURN QUERY SELECT 'withdrawn', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF r.offer_status <> 'PENDING' THEN RETURN QUERY SELECT 'closed', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF r.expires_at <= p_now THEN RETURN QUERY SELECT 'expired', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF v_agent.load + 1 > v_agent.cap THEN RETURN QUERY SELECT 'capacity', v_agent.cap, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  IF r.entry_status <> 'OFFERED' THEN RETURN QUERY SELECT 'closed', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;
  -- Sent back to the queue from a live session since the first read: the general path rejoins it.
  IF r.has_session THEN RETURN QUERY SELECT 'slow', NULL::int, NULL::text, NULL::text, NULL::jsonb; RETURN; END IF;

  -- start-session.ts: the title, the seats' names and pictures (avatars/seat.ts).
  v_title := r.org_name || ' · ' || to_char(p_now AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC';
  v_agent_name := COALESCE(r.member_display_name, r.user_name, r.user_email);
  v_visitor_name := COALESCE(NULLIF(regexp_replace(COALESCE(r.visitor_name, ''), '^\s+|\s+$', '', 'g'), ''), 'Visitor');
  v_agent_avatar := COALESCE(r.member_avatar, CASE WHEN jsonb_typeof(r.avatars::jsonb -> 'agent') = 'string' THEN r.avatars::jsonb ->> 'agent' END);
  v_visitor_avatar := COALESCE(r.entry_avatar, CASE WHEN jsonb_typeof(r.avatars::jsonb -> 'visitor') = 'string' THEN r.avatars::jsonb ->> 'visitor' END);

  -- The session (numbered for its four opening events), both seats, the billing hit.
  -- One statement, as in start-session.ts: the session and its leader's seat refer to each other,
  -- and foreign keys are checked at the statement's end.
  WITH s AS (
    INSERT INTO "Session" (id, "orgId", "scenarioId", "launcherId", "queueEntryId", kind, title, "startedAt", "currentUrl", "leaderParticipantId", "lastSeq")
    VALUES (p_session, p_org, r.scenario_id, r.launcher_id, r.id, 'ONE_ON_ONE', v_title, p_now, r.referrer_url, p_agent_seat, 4)
  ),
  p AS (
    INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "visitorId", "displayName", "avatarUrl", "clientAddress", "joinedAt")
    VALUES
      (p_agent_seat, p_org, p_session, 'AGENT', true, p_member, NULL, v_agent_name, v_agent_avatar, NULL, p_now),
      (p_visitor_seat, p_org, p_session, 'VISITOR', r.baton_policy = 'ANYONE_TAKES', NULL, r.visitor_id, v_visitor_name, v_visitor_avatar, r.client_address, p_now)
  )
  INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "createdAt")
    VALUES ('ur_' || md5('hit:' || p_session), p_org, 'SESSION_HIT', 1, p_now, 'hit:' || p_session, p_session, now())
    ON CONFLICT DO NOTHING;
  INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", payload)
    VALUES
      (p_org, p_session, 'room', 1, 'session.started', NULL, jsonb_build_object('title', v_title, 'question', r.question, 'referrerUrl', r.referrer_url)),
      (p_org, p_session, 'room', 2, 'participant.joined', p_agent_seat,
        jsonb_build_object('role', 'AGENT', 'name', v_agent_name) || CASE WHEN COALESCE(v_agent_avatar, '') <> '' THEN jsonb_build_object('avatarUrl', v_agent_avatar) ELSE '{}'::jsonb END),
      (p_org, p_session, 'room', 3, 'participant.joined', p_visitor_seat,
        jsonb_build_object('role', 'VISITOR', 'name', v_visitor_name) || CASE WHEN COALESCE(v_visitor_avatar, '') <> '' THEN jsonb_build_object('avatarUrl', v_visitor_avatar) ELSE '{}'::jsonb END),
      (p_org, p_session, 'room', 4, 'baton.passed', p_agent_seat, jsonb_build_object('to', p_agent_seat));

  -- The offer, the entry, the agent (back of the "longest idle" line), the entry's other offers.
  UPDATE "QueueOffer" SET status = 'ACCEPTED', "respondedAt" = p_now WHERE id = p_offer;
  UPDATE "QueueEntry" SET status = 'ASSIGNED', "assignedAt" = p_now, "assignedMembershipId" = p_member WHERE id = r.id;
  UPDATE "AgentPresence" SET "idleSince" = p_now, "updatedAt" = clock_timestamp() WHERE "membershipId" = p_member;
  WITH w AS (
    UPDATE "QueueOffer" SET status = 'WITHDRAWN', "respondedAt" = clock_timestamp()
    WHERE "queueEntryId" = r.id AND status = 'PENDING' AND id <> p_offer
    RETURNING id, "membershipId"
  )
  SELECT COALESCE(jsonb_agg(jsonb_build_object('id', w.id, 'membershipId', w."membershipId")), '[]'::jsonb) INTO v_withdrawn FROM w;

  RETURN QUERY SELECT 'ok', NULL::int, p_session, r.id, v_withdrawn;
END
$$;
