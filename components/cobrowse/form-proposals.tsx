"use client";
// Forms filled together, the agent's side (issue 17 part 5; docs/cobrowse-forms.md). The agent
// picks a field of the visitor's mirrored page (from the list, or by clicking it in the mirror after
// "Pick in the page"), types a value and proposes it: the proposal is archived first
// (sessions.formPropose), then sent to the visitor's tab, which shows it for Accept / Decline. Each
// proposal's fate comes back as `form.answer`. Masked fields (password, payment card,
// data-isession-mask, masked by rrweb) are listed as private and cannot be chosen; the server and
// the visitor's tab refuse them too.
import type { Replayer } from "@rrweb/replay";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { BUILTIN_MASK_SELECTORS, type FormAnswerMsg } from "@/lib/cobrowse";
import { useTRPC } from "@/lib/trpc";
import { useCobrowseChannel } from "./use-cobrowse-channel";

export type MirrorField = { nodeId: number; label: string; masked: boolean; kind: string };

type Status = "sending" | "waiting" | "accepted" | "declined" | "masked" | "gone" | "failed";
type Proposal = { proposalId: string; nodeId: number; field: string; value: string; status: Status; error?: string };

const MASKED = BUILTIN_MASK_SELECTORS.join(",");
/** As the tab's masker (cobrowse/mask.ts): card or bank data by name, and the placeholder it records for a masked value. */
const SENSITIVE_NAME = /(card.?num|cc.?num|cardnumber|cvc|cvv|csc|security.?code|iban|expir)/i;
const MASKED_VALUE = "••••••";
const FIELDS = "input, textarea, select";
const SKIP_TYPES = new Set(["hidden", "submit", "button", "reset", "image", "file", "checkbox", "radio", "range", "color"]);

/** A person's name for a mirrored field: its label, aria-label, placeholder, name or id. */
function labelOf(el: Element): string {
  const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
  const id = el.getAttribute("id");
  const byFor = id ? clean(el.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent) : "";
  const wrapping = clean(el.closest("label")?.textContent);
  const text =
    byFor ||
    wrapping ||
    clean(el.getAttribute("aria-label")) ||
    clean(el.getAttribute("placeholder")) ||
    clean(el.getAttribute("name")) ||
    clean(id);
  return (text || el.tagName.toLowerCase()).slice(0, 200);
}

/** The fields of the mirrored page, in page order, with the mirror's node ids. */
export function mirrorFields(r: Replayer): MirrorField[] {
  const doc = r.iframe.contentDocument;
  if (!doc) return [];
  const mirror = r.getMirror();
  const out: MirrorField[] = [];
  for (const el of Array.from(doc.querySelectorAll(FIELDS))) {
    const type = (el.getAttribute("type") ?? "").toLowerCase();
    if (el.tagName === "INPUT" && SKIP_TYPES.has(type)) continue;
    const nodeId = mirror.getId(el as unknown as Parameters<typeof mirror.getId>[0]);
    if (nodeId <= 0) continue;
    const names = `${el.getAttribute("name") ?? ""} ${el.getAttribute("id") ?? ""} ${el.getAttribute("autocomplete") ?? ""}`;
    const masked =
      type === "password" || el.matches(MASKED) || SENSITIVE_NAME.test(names) || (el as HTMLInputElement).value === MASKED_VALUE;
    out.push({ nodeId, label: labelOf(el), masked, kind: el.tagName === "SELECT" ? "choice" : "text" });
  }
  return out;
}

const STATUS_TEXT: Record<Status, string> = {
  sending: "Sending…",
  waiting: "Waiting for the visitor",
  accepted: "Accepted: filled in",
  declined: "Declined by the visitor",
  masked: "Refused: the field is private",
  gone: "Not filled: the field is no longer on the page",
  failed: "Not sent",
};
const STATUS_STYLE: Record<Status, string> = {
  sending: "bg-slate-100 text-slate-700",
  waiting: "bg-amber-50 text-amber-900",
  accepted: "bg-emerald-50 text-emerald-800",
  declined: "bg-slate-100 text-slate-700",
  masked: "bg-red-50 text-red-800",
  gone: "bg-slate-100 text-slate-700",
  failed: "bg-red-50 text-red-800",
};

const newProposalId = () => `fp${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

export function FormProposals({
  sessionId,
  channel,
  myName,
  replayer,
}: {
  sessionId: string;
  /** The session's co-browse channel (SessionViewData.channels.cobrowse). */
  channel: string;
  myName: string;
  replayer: Replayer | null;
}) {
  const trpc = useTRPC();
  const { state, send, subscribe } = useCobrowseChannel(channel);
  const [fields, setFields] = useState<MirrorField[]>([]);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [proposals, setProposals] = useState<Proposal[]>([]);
  // The mirror keeps interaction on while the visitor allows control (to follow links): leave it so.
  const controlRef = useRef(false);
  const valueRef = useRef<HTMLInputElement>(null);
  const ids = { field: useId(), value: useId(), error: useId() };
  const propose = useMutation(trpc.sessions.formPropose.mutationOptions());

  const refresh = useCallback(() => setFields(replayer ? mirrorFields(replayer) : []), [replayer]);
  // The mirrored page changes under us (a new snapshot, a page of the site followed): read its fields
  // now and every few seconds while shown; the list is small.
  useEffect(() => {
    const first = setTimeout(refresh, 0);
    const t = replayer ? setInterval(refresh, 3000) : undefined;
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [refresh, replayer]);

  const update = (proposalId: string, patch: Partial<Proposal>) =>
    setProposals((ps) => ps.map((p) => (p.proposalId === proposalId ? { ...p, ...patch } : p)));

  useEffect(
    () =>
      subscribe((m) => {
        if (m.t === "state") controlRef.current = m.sharing && m.control;
        if (m.t !== "form.answer") return;
        const a = m as FormAnswerMsg & { reason?: string };
        const status: Status = a.accepted ? "accepted" : a.reason === "masked" ? "masked" : a.reason === "gone" ? "gone" : "declined";
        setProposals((ps) =>
          ps.map((p) => (p.proposalId === a.proposalId && (p.status === "waiting" || p.status === "sending") ? { ...p, status } : p)),
        );
      }),
    [subscribe],
  );

  // "Pick in the page": the mirror takes one click, which chooses the field under it.
  useEffect(() => {
    if (!picking || !replayer) return;
    const doc = replayer.iframe.contentDocument;
    if (!doc) return;
    replayer.enableInteract();
    const onClick = (ev: MouseEvent) => {
      ev.preventDefault();
      ev.stopPropagation();
      const el = (ev.target as Element | null)?.closest?.(FIELDS);
      setPicking(false);
      if (!el) return setError("That is not a field. Choose one from the list, or pick again.");
      const list = mirrorFields(replayer);
      setFields(list);
      const id = replayer.getMirror().getId(el as unknown as Parameters<ReturnType<Replayer["getMirror"]>["getId"]>[0]);
      const f = list.find((x) => x.nodeId === id);
      if (!f) return setError("That field cannot be filled from here.");
      if (f.masked) return setError(`“${f.label}” is private: its value stays in the visitor's browser, and nobody can propose one.`);
      setError(null);
      setNodeId(f.nodeId);
      valueRef.current?.focus();
    };
    const onKey = (ev: KeyboardEvent) => ev.key === "Escape" && setPicking(false);
    doc.addEventListener("click", onClick, true);
    window.addEventListener("keydown", onKey);
    return () => {
      doc.removeEventListener("click", onClick, true);
      window.removeEventListener("keydown", onKey);
      if (!controlRef.current) replayer.disableInteract();
    };
  }, [picking, replayer]);

  const chosen = fields.find((f) => f.nodeId === nodeId) ?? null;
  const live = !!replayer && state === "subscribed";

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!chosen) return setError("Choose a field first.");
    if (chosen.masked) return setError(`“${chosen.label}” is private: nobody can propose a value for it.`);
    if (!value.trim()) return setError("Type a value to propose.");
    setError(null);
    const proposalId = newProposalId();
    const p: Proposal = { proposalId, nodeId: chosen.nodeId, field: chosen.label, value, status: "sending" };
    setProposals((ps) => [p, ...ps]);
    propose.mutate(
      { sessionId, proposalId, field: chosen.label, value, masked: chosen.masked },
      {
        onSuccess: () => {
          const ok = send({ t: "form.propose", proposalId, nodeId: chosen.nodeId, value, by: myName });
          update(proposalId, ok ? { status: "waiting" } : { status: "failed", error: "The co-browse channel is not connected." });
        },
        onError: (err) => update(proposalId, { status: "failed", error: err.message }),
      },
    );
    setValue("");
  };

  return (
    <section aria-labelledby={`${ids.field}-h`} className="border-t border-slate-200 bg-white p-3 text-sm" data-testid="form-proposals">
      <h3 id={`${ids.field}-h`} className="font-semibold text-slate-900">
        Fill the form together
      </h3>
      {!live ? (
        <p className="mt-1 text-slate-600">
          When the visitor shares their tab, propose values for the fields of their page here. They accept or decline each one.
        </p>
      ) : (
        <form onSubmit={submit} className="mt-2 grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end" noValidate>
          <div className="grid gap-1">
            <label htmlFor={ids.field} className="text-xs font-medium text-slate-700">
              Field
            </label>
            <div className="flex gap-1">
              <select
                id={ids.field}
                value={nodeId ?? ""}
                onFocus={refresh}
                onChange={(e) => setNodeId(e.target.value ? Number(e.target.value) : null)}
                aria-describedby={error ? ids.error : undefined}
                className="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                <option value="">{fields.length ? "Choose a field…" : "No fields on this page"}</option>
                {fields.map((f) => (
                  <option key={f.nodeId} value={f.nodeId} disabled={f.masked}>
                    {f.masked ? `${f.label} (private)` : f.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                onClick={() => setPicking((v) => !v)}
                aria-pressed={picking}
                className={`shrink-0 rounded-lg border px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-brand-600 ${picking ? "text-brand-800 border-brand-600 bg-brand-50" : "border-slate-300 hover:bg-slate-50"}`}
              >
                {picking ? "Click a field…" : "Pick in the page"}
              </button>
            </div>
          </div>
          <div className="grid gap-1">
            <label htmlFor={ids.value} className="text-xs font-medium text-slate-700">
              Value to propose
            </label>
            <input
              id={ids.value}
              ref={valueRef}
              value={value}
              maxLength={2000}
              onChange={(e) => setValue(e.target.value)}
              disabled={chosen?.masked}
              aria-describedby={error ? ids.error : undefined}
              className="rounded-lg border border-slate-300 px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-brand-600"
            />
          </div>
          <button
            type="submit"
            disabled={propose.isPending}
            className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
          >
            Propose a value
          </button>
        </form>
      )}
      {error ? (
        <p id={ids.error} role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      ) : null}
      {proposals.length > 0 ? (
        <ul aria-label="Proposed values" aria-live="polite" className="mt-2 grid gap-1">
          {proposals.map((p) => (
            <li key={p.proposalId} className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 px-2 py-1">
              <span className="font-medium text-slate-800">{p.field}</span>
              <span className="min-w-0 flex-1 truncate text-slate-600" title={p.value}>
                {p.value}
              </span>
              <span className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[p.status]}`} data-status={p.status}>
                {p.error ? `${STATUS_TEXT[p.status]}: ${p.error}` : STATUS_TEXT[p.status]}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
