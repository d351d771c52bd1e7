import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Replay } from "@/components/viewer/replay";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Session replay" };
export const dynamic = "force-dynamic";

export default async function ReplayPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  if (!(await getSessionUser())) redirect(`/sign-in?callbackUrl=/s/${encodeURIComponent(sessionId)}/replay`);
  let replay;
  try {
    replay = await (await getServerApi()).sessions.replay({ sessionId });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
  return (
    <Replay
      title={replay.session.title}
      events={replay.events}
      participants={replay.participants.map((p) => ({ id: p.id, role: p.role, displayName: p.displayName, avatarUrl: p.avatarUrl, present: p.leftAt === null, canLead: false }))}
    />
  );
}
