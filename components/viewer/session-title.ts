// What a session is called on its page and in the browser's tab: the business, and whom the reader
// is talking to (for a visitor, the agent; for the agent, the visitor), never a timestamp.
import { isInvisible } from "@/lib/roles";

type Person = { id: string; role: string; displayName: string; present: boolean };

const isGuest = (p: Person) => p.role === "VISITOR" || p.role === "ATTENDEE";

export function sessionTitleParts(orgName: string, participants: Person[], meId: string): { org: string; withWhom: string | null } {
  const others = participants.filter((p) => p.present && p.id !== meId && !isInvisible(p.role));
  // Staff first: a visitor reads "with Ben Agent" even in a room with other visitors.
  const names = [...others.filter((p) => !isGuest(p)), ...others.filter(isGuest)].map((p) => p.displayName);
  if (names.length === 0) return { org: orgName, withWhom: null };
  const shown = names.length > 3 ? [...names.slice(0, 2), `${names.length - 2} others`] : names;
  return { org: orgName, withWhom: `with ${new Intl.ListFormat("en", { type: "conjunction" }).format(shown)}` };
}

/** "Demo Co · with Ben Agent" */
export function sessionTitle(orgName: string, participants: Person[], meId: string): string {
  const t = sessionTitleParts(orgName, participants, meId);
  return t.withWhom ? `${t.org} · ${t.withWhom}` : t.org;
}
