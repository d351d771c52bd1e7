// The scenario editor's form state: the labels of the choices, a draft from a stored scenario (or
// the defaults of a new one), and the fields the server is sent, checked first so the common
// mistakes are said before a round trip (the server has the same rules: server/scenarios/manage.ts).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { normalizeLeadUrl } from "@/lib/urls";
import type { AppRouter } from "@/server/api/root";

export type Scenario = inferRouterOutputs<AppRouter>["scenarios"]["list"][number];
export type ScenarioFieldsInput = inferRouterInputs<AppRouter>["scenarios"]["create"]["fields"];

export const KINDS = { ONE_ON_ONE: "One-on-one", COLLABORATION: "Collaboration", AUDITORIUM: "Auditorium" } as const;
export const BATON = {
  LEADER_PASSES: "Only the leader passes the lead",
  STAFF_TAKES: "Agents may take the lead",
  ANYONE_TAKES: "Anyone may take the lead",
} as const;
export const TYPING = {
  FULL_TEXT: "Show text as it is typed",
  INDICATOR: "Show only “is typing…”",
  NONE: "Show nothing",
} as const;

export type Draft = {
  name: string;
  kind: keyof typeof KINDS;
  maxSeats: string;
  showWho: boolean;
  showRooms: boolean;
  batonPolicy: keyof typeof BATON;
  requireSignIn: boolean;
  requireCode: boolean;
  code: string;
  typingPreview: keyof typeof TYPING;
  preChatQuestion: string;
  askName: boolean;
  askEmail: boolean;
  agentAvatar: string | null;
  visitorAvatar: string | null;
  bannerText: string;
  links: { label: string; url: string }[];
  monitoringNotice: boolean;
  routingMode: "" | "LONGEST_IDLE" | "RING_ALL";
  ringTimeout: string;
  survey: "OFF" | "STARS" | "THUMBS";
  surveyComment: boolean;
};

export function draftOf(s: Scenario | null): Draft {
  return {
    name: s?.name ?? "",
    kind: s?.kind ?? "ONE_ON_ONE",
    maxSeats: s?.maxSeats == null ? "" : String(s.maxSeats),
    showWho: s?.showWho ?? true,
    showRooms: s?.showRooms ?? false,
    batonPolicy: s?.batonPolicy ?? "STAFF_TAKES",
    requireSignIn: s?.requireSignIn ?? false,
    requireCode: s?.hasInvitationCode ?? false,
    code: "",
    typingPreview: s?.typingPreview ?? "FULL_TEXT",
    preChatQuestion: s?.preChatQuestion ?? "How can we help you today?",
    askName: s?.askName ?? true,
    askEmail: s?.askEmail ?? false,
    agentAvatar: s?.avatars.agent ?? null,
    visitorAvatar: s?.avatars.visitor ?? null,
    bannerText: s?.banner.text ?? "",
    links: s?.banner.links ?? [],
    // On for a new scenario: sessions are archived and replayable and managers may watch unseen,
    // so visitors are told unless the owner decides otherwise (server/scenarios/manage.ts).
    monitoringNotice: s?.monitoringNotice ?? true,
    routingMode: s?.routingMode ?? "",
    ringTimeout: s?.ringTimeoutSec == null ? "" : String(s.ringTimeoutSec),
    survey: s?.survey ?? "OFF",
    surveyComment: s?.surveyComment ?? false,
  };
}

/** The fields to send, or the first mistake to show. */
export function fieldsOf(d: Draft, scenario: Scenario | null): { fields: ScenarioFieldsInput } | { error: string } {
  const seats = d.maxSeats.trim() === "" ? null : Number(d.maxSeats);
  const ring = d.ringTimeout.trim() === "" ? null : Number(d.ringTimeout);
  if (seats !== null && !Number.isInteger(seats)) return { error: "Seats must be a whole number, or empty for no cap." };
  if (ring !== null && !Number.isInteger(ring)) return { error: "Ring timeout must be a whole number of seconds, or empty." };
  if (d.requireCode && !d.code.trim() && !scenario?.hasInvitationCode) return { error: "Enter the invitation code visitors must type." };
  const links = d.links.filter((l) => l.label.trim() || l.url.trim());
  for (const [i, l] of links.entries()) {
    const url = normalizeLeadUrl(l.url);
    if (!url.ok) return { error: `Banner link ${i + 1}: ${url.error}` };
    if (!l.label.trim()) return { error: `Banner link ${i + 1} needs a label.` };
  }
  return {
    fields: {
      name: d.name,
      kind: d.kind,
      maxSeats: seats,
      showWho: d.showWho,
      showRooms: d.showRooms,
      batonPolicy: d.batonPolicy,
      requireSignIn: d.requireSignIn,
      typingPreview: d.typingPreview,
      preChatQuestion: d.preChatQuestion,
      askName: d.askName,
      askEmail: d.askEmail,
      avatars: { agent: d.agentAvatar, visitor: d.visitorAvatar },
      banner: { text: d.bannerText, links },
      monitoringNotice: d.monitoringNotice,
      routingMode: d.routingMode === "" ? null : d.routingMode,
      ringTimeoutSec: ring,
      invitationCode: !d.requireCode ? null : d.code.trim() ? d.code : undefined,
      survey: d.survey,
      surveyComment: d.survey !== "OFF" && d.surveyComment,
    },
  };
}
