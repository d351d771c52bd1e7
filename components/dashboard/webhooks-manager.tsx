"use client";
// Webhook endpoints for owners and admins: add, edit, turn off and on, delete, send a test event,
// reveal or rotate the signing secret, and each endpoint's delivery log with Redeliver.
// docs/webhooks.md says how receivers verify what we send.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/webhook-events";
import { Checkbox, CopyField, QueryState } from "./ui";
import { Card } from "@/components/ui/card";
import { Table, Td } from "@/components/ui/table";
import { Notice } from "@/components/ui/notice";
import { errorSentence, sentenceErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useNotice } from "@/components/ui/use-notice";
import { PageHeader } from "@/components/ui/page-header";

type Endpoint = {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  lastDay: { succeeded: number; failed: number; pending: number };
};
type Draft = { id: string | null; url: string; description: string; events: WebhookEventType[] };

export function WebhooksManager({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.webhooks.list.queryOptions({ orgId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ orgId }) });

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="We POST signed JSON to your URL when something happens: sessions, the queue, surveys, statements."
        actions={
          draft?.id === null ? null : (
            <Button
              onClick={() => (
                setMessage(null),
                setCreated(null),
                setDraft({ id: null, url: "", description: "", events: ["session.ended"] })
              )}
            >
              Add endpoint
            </Button>
          )
        }
      />
      <div className="space-y-4">
        {message ? <Notice tone="ok">{message}</Notice> : null}
        {created ? (
          <Card title="Endpoint added" id="webhook-created">
            <p className="mb-3 text-sm text-slate-600">
              Deliveries to <span className="font-mono break-all">{created.url}</span> are signed with this secret. Keep it on your server;
              you can reveal it here again or rotate it.
            </p>
            <CopyField id="webhook-secret-new" label="Signing secret" value={created.secret} />
          </Card>
        ) : null}
        {draft?.id === null ? (
          <EndpointForm
            orgId={orgId}
            draft={draft}
            onCancel={() => setDraft(null)}
            onSaved={(r) => {
              setDraft(null);
              if (r.secret) setCreated({ url: r.url, secret: r.secret });
              refresh();
            }}
          />
        ) : null}
        <QueryState
          query={list}
          isEmpty={list.data?.length === 0 && draft === null}
          empty="No endpoints yet. Add one to send events to your CRM or help desk."
        >
          <ul className="space-y-4">
            {list.data?.map((ep) =>
              draft?.id === ep.id ? (
                <li key={ep.id}>
                  <EndpointForm
                    orgId={orgId}
                    draft={draft}
                    onCancel={() => setDraft(null)}
                    onSaved={() => (setDraft(null), setMessage("Endpoint saved."), refresh())}
                  />
                </li>
              ) : (
                <li key={ep.id}>
                  <EndpointCard
                    orgId={orgId}
                    endpoint={ep}
                    onEdit={() => (
                      setMessage(null),
                      setDraft({ id: ep.id, url: ep.url, description: ep.description, events: ep.events as WebhookEventType[] })
                    )}
                    onChanged={(m) => (setMessage(m), refresh())}
                  />
                </li>
              ),
            )}
          </ul>
        </QueryState>
      </div>
    </>
  );
}

function EndpointForm({
  orgId,
  draft,
  onCancel,
  onSaved,
}: {
  orgId: string;
  draft: Draft;
  onCancel: () => void;
  onSaved: (r: { url: string; secret?: string }) => void;
}) {
  const trpc = useTRPC();
  const [d, setD] = useState(draft);
  const create = useFormMutation(trpc.webhooks.create.mutationOptions(), { read: sentenceErrors });
  const update = useFormMutation(trpc.webhooks.update.mutationOptions(), { read: sentenceErrors });
  const busy = create.isPending || update.isPending;
  const error = create.errors.form || update.errors.form;
  const formId = d.id ?? "new";
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const input = { orgId, url: d.url, description: d.description, events: d.events };
    if (d.id === null) create.mutate(input, { onSuccess: (r) => onSaved({ url: r.url, secret: r.secret }) });
    else update.mutate({ ...input, endpointId: d.id }, { onSuccess: (r) => onSaved({ url: r.url }) });
  }
  const toggle = (ev: WebhookEventType, on: boolean) => setD({ ...d, events: on ? [...d.events, ev] : d.events.filter((x) => x !== ev) });
  return (
    <Card title={d.id === null ? "New endpoint" : "Edit endpoint"} id={`webhook-form-${formId}`}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error ? <FormAlert>{error}</FormAlert> : null}
        <TextInput
          id={`webhook-url-${formId}`}
          label="Endpoint URL"
          type="url"
          inputMode="url"
          required
          placeholder="https://crm.example.com/hooks/isession"
          hint="A public https:// address of your server. We never send to private or local addresses."
          value={d.url}
          onChange={(e) => setD({ ...d, url: e.currentTarget.value })}
        />
        <TextInput
          id={`webhook-description-${formId}`}
          label="Description"
          optional
          maxLength={200}
          placeholder="e.g. CRM sync"
          value={d.description}
          onChange={(e) => setD({ ...d, description: e.currentTarget.value })}
        />
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">Events to send</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <Checkbox
              key={ev}
              id={`webhook-event-${formId}-${ev}`}
              label={ev}
              hint={EVENT_LABELS[ev]}
              checked={d.events.includes(ev)}
              onChange={(on) => toggle(ev, on)}
            />
          ))}
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : d.id === null ? "Add endpoint" : "Save"}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

function StatusBadge({ ep }: { ep: Endpoint }) {
  const [cls, text] = ep.enabled
    ? ep.failingSince
      ? ["bg-amber-50 text-amber-800 ring-amber-200", "Failing"]
      : ["bg-emerald-50 text-emerald-800 ring-emerald-200", "On"]
    : ["bg-slate-100 text-slate-700 ring-slate-200", ep.disabledReason ? "Turned off automatically" : "Off"];
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${cls}`}>{text}</span>;
}

function EndpointCard({
  orgId,
  endpoint: ep,
  onEdit,
  onChanged,
}: {
  orgId: string;
  endpoint: Endpoint;
  onEdit: () => void;
  onChanged: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [secret, setSecret] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  // One line for the card's five actions: the latest one's failure, cleared as the next starts.
  const { notice, failed, clear } = useNotice();
  const opts = { onError: failed, onMutate: clear };
  const update = useMutation(trpc.webhooks.update.mutationOptions(opts));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions(opts));
  const reveal = useMutation(trpc.webhooks.revealSecret.mutationOptions(opts));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions(opts));
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions(opts));
  const id = `webhook-${ep.id}`;
  return (
    <section aria-labelledby={`${id}-url`} className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 id={`${id}-url`} className="font-mono text-sm font-semibold break-all">
            {ep.url}
          </h2>
          {ep.description ? <p className="mt-0.5 text-sm text-slate-600">{ep.description}</p> : null}
          <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <StatusBadge ep={ep} />
            <span>
              Last 24 h: {ep.lastDay.succeeded} delivered, {ep.lastDay.failed} failed, {ep.lastDay.pending} pending
            </span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={onEdit}>
            Edit
          </Button>
          <Button
            variant="secondary"
            disabled={update.isPending}
            onClick={() =>
              update.mutate(
                { orgId, endpointId: ep.id, enabled: !ep.enabled },
                { onSuccess: (r) => onChanged(r.enabled ? "Endpoint turned on." : "Endpoint turned off.") },
              )
            }
          >
            {ep.enabled ? "Turn off" : "Turn on"}
          </Button>
          <Button
            variant="secondary"
            disabled={!ep.enabled || test.isPending}
            title={ep.enabled ? undefined : "Turn the endpoint on first"}
            onClick={() =>
              test.mutate(
                { orgId, endpointId: ep.id },
                { onSuccess: () => (setShowLog(true), onChanged("Test event queued: see the delivery log.")) },
              )
            }
          >
            Send test event
          </Button>
        </div>
      </div>
      {ep.disabledReason ? (
        <p className="mt-2 text-sm text-amber-800">
          {ep.disabledReason} Fix the receiver, turn the endpoint on, then redeliver what it missed.
        </p>
      ) : null}
      <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Events">
        {ep.events.map((e) => (
          <li key={e} className="rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
            {e}
          </li>
        ))}
      </ul>
      {notice ? (
        <div className="mt-3">
          <FormAlert>{notice.text}</FormAlert>
        </div>
      ) : null}
      <div className="mt-4 space-y-3 border-t border-slate-100 pt-3">
        {secret ? <CopyField id={`${id}-secret`} label="Signing secret" value={secret} /> : null}
        <div className="flex flex-wrap gap-2">
          <Button variant="ghost" aria-expanded={showLog} aria-controls={`${id}-log`} onClick={() => setShowLog(!showLog)}>
            {showLog ? "Hide delivery log" : "Delivery log"}
          </Button>
          <Button
            variant="ghost"
            disabled={reveal.isPending}
            onClick={() =>
              secret ? setSecret(null) : reveal.mutate({ orgId, endpointId: ep.id }, { onSuccess: (r) => setSecret(r.secret) })
            }
          >
            {secret ? "Hide secret" : "Reveal secret"}
          </Button>
          <Button
            variant="ghost"
            disabled={rotate.isPending}
            onClick={() => {
              if (
                window.confirm(
                  "Rotate the signing secret? Deliveries are signed with the new secret at once; update your receiver right away.",
                )
              )
                rotate.mutate(
                  { orgId, endpointId: ep.id },
                  { onSuccess: (r) => (setSecret(r.secret), onChanged("Secret rotated: the new one is shown below the endpoint.")) },
                );
            }}
          >
            Rotate secret
          </Button>
          <Button
            variant="ghost"
            className="text-red-700 hover:bg-red-50"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the endpoint ${ep.url} and its delivery log?`))
                remove.mutate({ orgId, endpointId: ep.id }, { onSuccess: () => onChanged("Endpoint deleted.") });
            }}
          >
            Delete
          </Button>
        </div>
        {showLog ? <DeliveryLog id={`${id}-log`} orgId={orgId} endpointId={ep.id} enabled={ep.enabled} /> : null}
      </div>
    </section>
  );
}

const when = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{d.toLocaleString()}</time> : "—");

function DeliveryLog({ id, orgId, endpointId, enabled }: { id: string; orgId: string; endpointId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  // Pages of 50, newest first; "Show older" follows the server's cursor.
  const log = useInfiniteQuery({
    ...trpc.webhooks.deliveries.infiniteQueryOptions({ orgId, endpointId }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    // While something is on its way, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((i) => i.status === "PENDING")) ? 3_000 : false),
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const again = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.webhooks.deliveries.infiniteQueryKey({ orgId, endpointId }) }),
    }),
  );
  return (
    <div id={id}>
      {again.isError ? <FormAlert>{errorSentence(again.error)}</FormAlert> : null}
      <QueryState
        // An older page that fails to load leaves the pages already shown in place (alert below the table).
        query={{ isPending: log.isPending, isError: log.isError && !log.data, error: log.error, refetch: log.refetch }}
        isEmpty={items.length === 0}
        empty="No deliveries yet. Send a test event to try the endpoint."
      >
        <Table
          caption="Deliveries to this endpoint, newest first"
          head={[
            "Event",
            "Time",
            "Attempts",
            "Result",
            "Duration",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {items.map((d) => (
            <tr key={d.id}>
              <Td className="font-mono text-xs">
                {d.eventType}
                {d.redeliveryOf ? <span className="ml-1 font-sans text-slate-500">(redelivery)</span> : null}
              </Td>
              <Td className="text-xs whitespace-nowrap">{when(d.lastAttemptAt ?? d.createdAt)}</Td>
              <Td>{d.attempts}</Td>
              <Td className="text-xs">
                <span className={d.status === "SUCCEEDED" ? "text-emerald-700" : d.status === "FAILED" ? "text-red-700" : "text-amber-700"}>
                  {d.status === "SUCCEEDED" ? "Delivered" : d.status === "FAILED" ? "Failed" : d.attempts === 0 ? "Queued" : "Retrying"}
                </span>
                {d.lastStatusCode !== null ? ` · HTTP ${d.lastStatusCode}` : d.lastError ? ` · ${d.lastError}` : ""}
                {d.status === "PENDING" && d.attempts > 0 && d.nextAttemptAt ? (
                  <span className="block text-slate-500">Next try {when(d.nextAttemptAt)}</span>
                ) : null}
              </Td>
              <Td className="text-xs">{d.lastDurationMs !== null ? `${d.lastDurationMs} ms` : "—"}</Td>
              <Td className="text-right">
                <Button
                  variant="secondary"
                  className="h-8 px-3"
                  disabled={!enabled || again.isPending}
                  aria-label={`Redeliver ${d.eventType} of ${(d.lastAttemptAt ?? d.createdAt).toLocaleString()}`}
                  onClick={() => again.mutate({ orgId, deliveryId: d.id })}
                >
                  Redeliver
                </Button>
              </Td>
            </tr>
          ))}
        </Table>
        {log.isFetchNextPageError ? <FormAlert>Older deliveries could not be loaded: {errorSentence(log.error)}</FormAlert> : null}
        {log.hasNextPage ? (
          <div className="mt-3 flex justify-center">
            <Button
              variant="secondary"
              disabled={log.isFetchingNextPage}
              aria-busy={log.isFetchingNextPage}
              onClick={() => void log.fetchNextPage()}
            >
              {log.isFetchingNextPage ? "Loading older deliveries…" : "Show older"}
            </Button>
          </div>
        ) : (log.data?.pages.length ?? 0) > 1 ? (
          <p className="mt-3 text-center text-xs text-slate-500">That is every delivery in the log.</p>
        ) : null}
      </QueryState>
    </div>
  );
}
