import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { formatDateTime } from "@/components/console/bits";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmailStatusBadge } from "@/components/admin/email-status";
import { RequeueEmailButton } from "@/components/admin/requeue-email-button";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Email" };
export const dynamic = "force-dynamic";

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const m = await (await getServerApi()).admin.outboxMessage({ id }).catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/outbox" className="text-brand-700 hover:underline">
          ← Email outbox
        </Link>
      </p>
      <PageHeader title={m.subject || "(no subject)"} />
      <Card>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">To</dt>
          <dd className="break-all">{m.to}</dd>
          <dt className="text-slate-500">Organization</dt>
          <dd>
            {m.org ? (
              <Link href={`/admin/orgs/${m.org.id}`} className="text-brand-700 hover:underline">
                {m.org.name}
              </Link>
            ) : (
              "None (service email)"
            )}
          </dd>
          <dt className="text-slate-500">Status</dt>
          <dd>
            <EmailStatusBadge status={m.status} /> after {m.attempts} attempt{m.attempts === 1 ? "" : "s"}
          </dd>
          <dt className="text-slate-500">Queued</dt>
          <dd>{formatDateTime(m.createdAt)}</dd>
          <dt className="text-slate-500">Sent</dt>
          <dd>{m.sentAt ? formatDateTime(m.sentAt) : "Not yet"}</dd>
          {m.lastError ? (
            <>
              <dt className="text-slate-500">Last error</dt>
              <dd className="break-all text-red-700">{m.lastError}</dd>
            </>
          ) : null}
        </dl>
        {m.status === "NOT_SENT" || m.status === "FAILED" ? <RequeueEmailButton id={m.id} /> : null}
      </Card>
      <Card titleStyle="label" title="Plain text" id="text" className="mt-6">
        <pre className="max-h-[32rem] overflow-auto font-mono text-xs break-words whitespace-pre-wrap text-slate-800">{m.text}</pre>
      </Card>
      {m.html ? (
        <Card titleStyle="label" title="HTML source" id="html" className="mt-6">
          <pre className="max-h-[24rem] overflow-auto font-mono text-xs break-all whitespace-pre-wrap text-slate-600">{m.html}</pre>
        </Card>
      ) : null}
    </>
  );
}
