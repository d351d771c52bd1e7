// Forms filled together, the visitor's side (issue 17 part 5; docs/cobrowse-forms.md). Runs in the
// co-browse bundle in the visitor's tab on the client's site. An agent's proposal (`form.propose`)
// names a field by its rrweb mirror id; this module shows it on a card in a shadow root (the page's
// CSS cannot restyle it, ours cannot leak into the page) with Accept / Decline, and Accept all when
// several wait, and applies an accepted value in the page's DOM as typing would (the native value
// setter, then `input` and `change`), so the page's own scripts and frameworks see it.
//
// Masked fields are refused here whatever the agent's side believed: the tab's own mask rule
// (built-in selectors, `data-isession-mask`, the launcher's selectors) is the one that counts. A
// refused proposal is answered at once, without asking the visitor. A field the visitor fills
// themselves is reported for the archive as "field X filled by {visitor}", and a masked field's
// value is never read.
//
// Styling goes through the CSSOM only (element.style), never a <style> element or HTML strings:
// the client's CSP may forbid both (docs/embed.md).
import type { FormAnswerMsg, FormProposeMsg } from "../lib/cobrowse";
import { registerPlugin } from "./core";

export type FormDeclineReason = "declined" | "masked" | "gone";

/** The answer on the wire: `reason` is optional and ignored by readers that do not know it. */
export type FormAnswer = FormAnswerMsg & { reason?: FormDeclineReason };

/** What the archive is told (the bundle posts it with the tab's pairing token). */
export type FormReport =
  | { kind: "answer"; proposalId: string; accepted: boolean; reason?: FormDeclineReason }
  | { kind: "fill"; clientEventId: string; field: string; masked: boolean; value?: string };

export type FormsHost = {
  /** The page node that the recorder numbered `id` (rrweb's mirror), or null. */
  nodeOf: (id: number) => Node | null;
  /** The tab's mask rule: true for a field whose value must never leave this browser. */
  isMasked: (el: Element) => boolean;
  /** To the agents, over the co-browse channel. */
  send: (msg: FormAnswer) => void;
  /** To the archive; failures are the host's to log, never the visitor's to see. */
  report: (r: FormReport) => void;
  /** The document to work in (the tab's own). */
  doc?: Document;
};

/**
 * Field kinds a person types into or picks from: text-like inputs, text areas and selects. Password
 * is one of them (so a proposal into it is refused as masked, and the visitor's own fill of it is
 * archived without its value), never filled.
 */
const TEXT_INPUT_TYPES = new Set([
  "",
  "text",
  "password",
  "email",
  "tel",
  "url",
  "search",
  "number",
  "date",
  "time",
  "datetime-local",
  "month",
  "week",
]);
export const MAX_LABEL = 200;
const MAX_VALUE = 2000;
/** A fill's value as reported: the report endpoint reads 4 KB at most (server/cobrowse/http.ts). */
const MAX_REPORTED_VALUE = 1000;

type Fillable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function fillableField(node: Node | null): Fillable | null {
  if (!node || node.nodeType !== 1) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select") return el as Fillable;
  if (tag === "input" && TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute("type") ?? "").toLowerCase()))
    return el as HTMLInputElement;
  return null;
}

/**
 * A password input is masked whatever the host's rule says: a mistake in the rule must not make
 * one fillable or readable.
 */
function masked(host: FormsHost, el: Element): boolean {
  if (el.tagName.toLowerCase() === "input" && (el as HTMLInputElement).type === "password") return true;
  return host.isMasked(el);
}

/** What a person would call the field: its label, else aria-label / labelledby, placeholder, name, id. */
export function fieldLabel(el: Element): string {
  const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
  const labels = (el as HTMLInputElement).labels;
  let text = labels && labels.length > 0 ? clean(labels[0]!.textContent) : "";
  if (!text) text = clean(el.getAttribute("aria-label"));
  if (!text) {
    const ids = clean(el.getAttribute("aria-labelledby")).split(" ").filter(Boolean);
    text = clean(ids.map((id) => el.ownerDocument.getElementById(id)?.textContent ?? "").join(" "));
  }
  if (!text) text = clean(el.getAttribute("placeholder")) || clean(el.getAttribute("name")) || clean(el.id) || el.tagName.toLowerCase();
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/** Sets the value as the browser does for typing (the prototype's setter, which frameworks watch), then input + change. */
export function applyValue(el: Fillable, value: string): boolean {
  const win = el.ownerDocument.defaultView;
  if (!win) return false;
  const proto =
    el.tagName === "SELECT"
      ? win.HTMLSelectElement.prototype
      : el.tagName === "TEXTAREA"
        ? win.HTMLTextAreaElement.prototype
        : win.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, "value")?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
  // A select without that option, or a number input given text, keeps another value: not applied.
  if (el.value !== value) return false;
  el.dispatchEvent(new win.Event("input", { bubbles: true }));
  el.dispatchEvent(new win.Event("change", { bubbles: true }));
  return true;
}

type Pending = { msg: FormProposeMsg; field: Fillable; label: string };

let idCounter = 0;
const newId = () => `ff${Date.now().toString(36)}${(idCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export type FormsController = {
  /** An agent's `form.propose` arrived. */
  onPropose: (msg: FormProposeMsg) => void;
  /** Proposals waiting for the visitor (for tests and the bar). */
  pending: () => { proposalId: string; field: string; value: string; by: string }[];
  /** Sharing stopped: the card goes, waiting proposals are declined, own fills are no longer reported. */
  destroy: () => void;
};

export function createFormsController(host: FormsHost): FormsController {
  const doc = host.doc ?? document;
  const queue: Pending[] = [];
  const answered = new Set<string>();
  let card: FormsCard | null = null;

  const answer = (proposalId: string, accepted: boolean, reason?: FormDeclineReason) => {
    if (answered.has(proposalId)) return;
    answered.add(proposalId);
    host.send(reason ? { t: "form.answer", proposalId, accepted, reason } : { t: "form.answer", proposalId, accepted });
    host.report(reason ? { kind: "answer", proposalId, accepted, reason } : { kind: "answer", proposalId, accepted });
  };

  const render = () => {
    if (queue.length === 0) {
      card?.remove();
      card = null;
      return;
    }
    card ??= new FormsCard(doc, { accept, decline, acceptAll });
    card.render(queue);
  };

  const take = (proposalId: string): Pending | null => {
    const i = queue.findIndex((p) => p.msg.proposalId === proposalId);
    return i < 0 ? null : queue.splice(i, 1)[0]!;
  };

  function accept(proposalId: string) {
    const p = take(proposalId);
    if (!p) return;
    // Checked again at the moment of applying: the page may have changed since the proposal came.
    if (!p.field.isConnected) answer(proposalId, false, "gone");
    else if (masked(host, p.field)) answer(proposalId, false, "masked");
    else if (!applyValue(p.field, p.msg.value)) answer(proposalId, false, "gone");
    else answer(proposalId, true);
    render();
  }
  function decline(proposalId: string) {
    if (take(proposalId)) answer(proposalId, false, "declined");
    render();
  }
  function acceptAll() {
    for (const id of queue.map((p) => p.msg.proposalId)) accept(id);
  }

  // The visitor's own fills: a trusted `change` (typing, then leaving the field; a choice in a select).
  const onChange = (ev: Event) => {
    if (!ev.isTrusted) return;
    const field = fillableField(ev.target as Node | null);
    if (!field || field.closest("[data-isession-ui]")) return;
    const isMasked = masked(host, field);
    const report: FormReport = { kind: "fill", clientEventId: newId(), field: fieldLabel(field), masked: isMasked };
    // A masked field's value is never read, so it cannot be sent by mistake.
    if (!isMasked && field.value) report.value = field.value.slice(0, MAX_REPORTED_VALUE);
    host.report(report);
  };
  doc.addEventListener("change", onChange, true);

  return {
    onPropose(msg) {
      if (typeof msg.proposalId !== "string" || answered.has(msg.proposalId) || queue.some((p) => p.msg.proposalId === msg.proposalId))
        return;
      const field = fillableField(host.nodeOf(msg.nodeId));
      if (!field) return answer(msg.proposalId, false, "gone");
      if (masked(host, field)) return answer(msg.proposalId, false, "masked");
      if (typeof msg.value !== "string" || msg.value.length > MAX_VALUE) return answer(msg.proposalId, false, "declined");
      queue.push({ msg, field, label: fieldLabel(field) });
      render();
    },
    pending: () => queue.map((p) => ({ proposalId: p.msg.proposalId, field: p.label, value: p.msg.value, by: p.msg.by })),
    destroy() {
      doc.removeEventListener("change", onChange, true);
      for (const p of queue.splice(0)) answer(p.msg.proposalId, false, "declined");
      card?.remove();
      card = null;
    },
  };
}

// ─── the card ───────────────────────────────────────────────────────────────────────────────
const COLORS = { ink: "#1d2433", muted: "#4a5468", line: "#d5d9e2", accent: "#1d4ed8", bg: "#ffffff" };

function css(el: HTMLElement, styles: Partial<CSSStyleDeclaration>) {
  Object.assign(el.style, styles);
}

function button(doc: Document, text: string, primary: boolean, label?: string): HTMLButtonElement {
  const b = doc.createElement("button");
  b.type = "button";
  b.textContent = text;
  if (label) b.setAttribute("aria-label", label);
  css(b, {
    font: "600 14px/1.2 system-ui, sans-serif",
    padding: "8px 12px",
    borderRadius: "6px",
    cursor: "pointer",
    border: `1px solid ${primary ? COLORS.accent : COLORS.line}`,
    background: primary ? COLORS.accent : COLORS.bg,
    color: primary ? "#fff" : COLORS.ink,
    minHeight: "36px",
  });
  // The shadow root has no stylesheet: a visible ring for keyboard focus, drawn by hand.
  b.addEventListener("focus", () => {
    if (b.matches(":focus-visible")) css(b, { outline: `3px solid ${COLORS.accent}`, outlineOffset: "2px" });
  });
  b.addEventListener("blur", () => css(b, { outline: "none" }));
  return b;
}

class FormsCard {
  private host: HTMLElement;
  private list: HTMLElement;
  private title: HTMLElement;
  private all: HTMLButtonElement;
  private live: HTMLElement;
  private announced = new Set<string>();

  constructor(
    private doc: Document,
    private actions: { accept: (id: string) => void; decline: (id: string) => void; acceptAll: () => void },
  ) {
    this.host = doc.createElement("div");
    this.host.setAttribute("data-isession-ui", "forms");
    // Not recorded (rrweb's block class): the agents follow the proposal in their own list.
    this.host.className = "rr-block";
    // Above the "Sharing with" bar (bottom centre, cobrowse/ui.ts).
    css(this.host, { position: "fixed", right: "16px", bottom: "96px", zIndex: "2147483646", maxWidth: "min(380px, calc(100vw - 32px))" });
    const root = this.host.attachShadow({ mode: "open" });
    const box = doc.createElement("section");
    box.setAttribute("aria-label", "Values proposed for your form");
    css(box, {
      background: COLORS.bg,
      color: COLORS.ink,
      font: "14px/1.4 system-ui, sans-serif",
      border: `1px solid ${COLORS.line}`,
      borderRadius: "10px",
      boxShadow: "0 8px 28px rgba(15, 23, 42, 0.22)",
      padding: "12px 14px",
      maxHeight: "60vh",
      overflowY: "auto",
    });
    this.title = doc.createElement("h2");
    css(this.title, { font: "700 15px/1.3 system-ui, sans-serif", margin: "0 0 8px" });
    this.list = doc.createElement("ul");
    css(this.list, { listStyle: "none", margin: "0", padding: "0" });
    this.all = button(doc, "Accept all", true);
    css(this.all, { width: "100%", marginTop: "8px" });
    this.all.addEventListener("click", (e) => e.isTrusted && this.actions.acceptAll());
    // Announces each new proposal without moving the visitor's focus from what they are typing.
    this.live = doc.createElement("p");
    this.live.setAttribute("aria-live", "polite");
    css(this.live, { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", margin: "0" });
    box.append(this.title, this.list, this.all, this.live);
    root.append(box);
    (doc.body ?? doc.documentElement).append(this.host);
  }

  render(queue: Pending[]) {
    const doc = this.doc;
    const agent = queue[0]!.msg.by || "The agent";
    this.title.textContent = queue.length === 1 ? `${agent} suggests a value` : `${agent} suggests ${queue.length} values`;
    this.all.style.display = queue.length > 1 ? "block" : "none";
    this.all.setAttribute("aria-label", `Accept all ${queue.length} suggested values`);
    this.list.replaceChildren(
      ...queue.map((p) => {
        const li = doc.createElement("li");
        li.setAttribute("data-proposal", p.msg.proposalId);
        css(li, { borderTop: `1px solid ${COLORS.line}`, padding: "8px 0" });
        const what = doc.createElement("p");
        css(what, { margin: "0 0 6px", color: COLORS.muted });
        what.textContent = p.label;
        const value = doc.createElement("p");
        css(value, { margin: "0 0 8px", fontWeight: "600", whiteSpace: "pre-wrap", overflowWrap: "anywhere" });
        value.textContent = p.msg.value;
        const row = doc.createElement("div");
        css(row, { display: "flex", gap: "8px" });
        const yes = button(doc, "Accept", true, `Accept ${p.label}: ${p.msg.value}`);
        // Only the visitor's own click (or key): never a script of the page pressing it for them.
        yes.addEventListener("click", (e) => e.isTrusted && this.actions.accept(p.msg.proposalId));
        const no = button(doc, "Decline", false, `Decline ${p.label}`);
        no.addEventListener("click", (e) => e.isTrusted && this.actions.decline(p.msg.proposalId));
        row.append(yes, no);
        li.append(what, value, row);
        return li;
      }),
    );
    const fresh = queue.filter((p) => !this.announced.has(p.msg.proposalId));
    for (const p of fresh) this.announced.add(p.msg.proposalId);
    if (fresh.length)
      this.live.textContent = fresh.map((p) => `${p.msg.by || "The agent"} suggests ${p.msg.value} for ${p.label}.`).join(" ");
  }

  remove() {
    this.host.remove();
  }
}

// ─── in the co-browse bundle ────────────────────────────────────────────────────────────────
let active: FormsController | null = null;

registerPlugin({
  onStart(ctx) {
    active?.destroy();
    active = createFormsController({
      nodeOf: ctx.nodeOf,
      isMasked: ctx.isMasked,
      send: (m) => ctx.send(m),
      report: (r) => ctx.post("/api/cobrowse/form", r),
    });
  },
  onAgentMessage(msg) {
    if (msg.t !== "form.propose") return false;
    active?.onPropose(msg);
    return true;
  },
  onStop() {
    active?.destroy();
    active = null;
  },
});
