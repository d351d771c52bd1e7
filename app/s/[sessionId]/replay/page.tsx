import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Replay } from "@/components/viewer/replay";
import { backLink, sessionHeading } from "@/lib/back-link";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Session replay" };
export const dynamic = "force-dynamic";

export default async function ReplayPage({
  params,
  searchParams,
}: {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<{ back?: string | string[] }>;
}) {
  const { sessionId } = await params;
  const { back } = await searchParams;
  if (!(await getSessionUser())) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/s/${encodeURIComponent(sessionId)}/replay`)}`);
  let replay;
  try {
    replay = await (await getServerApi()).sessions.replay({ sessionId });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
  const way = backLink(back);
  return (
    <Replay
      title={sessionHeading(replay.session.title)}
      startedAt={replay.session.startedAt.toISOString()}
      endedAt={replay.session.endedAt?.toISOString() ?? null}
      backHref={way.href}
      backLabel={way.label}
      events={replay.events}
      participants={replay.participants.map((p) => ({
        id: p.id,
        role: p.role,
        displayName: p.displayName,
        avatarUrl: p.avatarUrl,
        present: p.leftAt === null,
        canLead: false,
      }))}
    />
  );
}
