// The visitor's consent prompt and the "Sharing with {agent}" bar, in a closed shadow root on a
// host rrweb blocks (class rr-block): the agent never sees them, the page's CSS cannot restyle
// them, and they use the CSSOM only (safe under a strict CSP, like the loader).
const FONT = "14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";

type Styles = Partial<CSSStyleDeclaration>;
const css = (el: HTMLElement, s: Styles) => Object.assign(el.style, s);
function make<K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, s: Styles = {}, text?: string) {
  const el = document.createElement(tag);
  css(el, s);
  if (text !== undefined) el.textContent = text;
  parent.appendChild(el);
  return el;
}

let host: HTMLElement | null = null;
let root: ShadowRoot | null = null;

export function uiRoot(): ShadowRoot {
  if (root && host?.isConnected) return root;
  host = document.createElement("div");
  host.className = "rr-block";
  host.setAttribute("data-isession-cobrowse", "");
  css(host, { all: "initial", position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483001", pointerEvents: "none" });
  root = host.attachShadow({ mode: "closed" });
  document.body.appendChild(host);
  return root;
}

function panel(): HTMLElement {
  const r = uiRoot();
  const p = make("div", r, {
    pointerEvents: "auto",
    margin: "0 auto 16px",
    maxWidth: "min(560px, calc(100vw - 24px))",
    boxSizing: "border-box",
    padding: "16px",
    borderRadius: "14px",
    background: "#fff",
    color: "#0f172a",
    font: FONT,
    boxShadow: "0 12px 32px rgba(15,23,42,.28)",
    border: "1px solid #cbd5e1",
  });
  return p;
}

function button(parent: Node, label: string, primary: boolean): HTMLButtonElement {
  const b = make(
    "button",
    parent,
    {
      minHeight: "44px",
      padding: "8px 16px",
      borderRadius: "10px",
      border: primary ? "0" : "1px solid #94a3b8",
      background: primary ? "#1d4ed8" : "#fff",
      color: primary ? "#fff" : "#0f172a",
      font: `600 ${FONT}`,
      cursor: "pointer",
      outlineOffset: "2px",
    },
    label,
  );
  b.type = "button";
  b.addEventListener("focus", () => (b.style.outline = b.matches(":focus-visible") ? "3px solid #1d4ed8" : "none"));
  b.addEventListener("blur", () => (b.style.outline = "none"));
  return b;
}

export function clearUi() {
  if (root) while (root.firstChild) root.removeChild(root.firstChild);
}

/** The consent prompt. Resolves with the choice; nothing is recorded before "Share". */
export function askConsent(agentName: string): Promise<{ share: boolean; control: boolean }> {
  clearUi();
  return new Promise((resolve) => {
    const p = panel();
    p.setAttribute("role", "dialog");
    p.setAttribute("aria-modal", "false");
    p.setAttribute("aria-labelledby", "t");
    const title = make("h2", p, { margin: "0 0 6px", font: `600 16px/1.3 system-ui,sans-serif` }, `Share this tab with ${agentName}?`);
    title.id = "t";
    make(
      "p",
      p,
      { margin: "0 0 10px", color: "#334155" },
      `${agentName} will see this page and what you do on it until you press Stop. Passwords, card numbers and fields this site marks private stay hidden: they never leave your browser.`,
    );
    const lab = make("label", p, { display: "flex", gap: "8px", alignItems: "center", margin: "0 0 12px", cursor: "pointer" });
    const box = make("input", lab, { width: "20px", height: "20px" });
    box.type = "checkbox";
    make("span", lab, {}, `Let ${agentName} scroll this page and open links on this site`);
    const row = make("div", p, { display: "flex", gap: "8px", flexWrap: "wrap", justifyContent: "flex-end" });
    const no = button(row, "Not now", false);
    const yes = button(row, "Share this tab", true);
    const done = (share: boolean) => {
      clearUi();
      resolve({ share, control: share && box.checked });
    };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    p.addEventListener("keydown", (e) => e.key === "Escape" && done(false));
    yes.focus();
  });
}

/** The bar shown while sharing; returns a function that updates its text. */
export function sharingBar(agentName: string, onStop: () => void): void {
  clearUi();
  const p = panel();
  css(p, {
    display: "flex",
    alignItems: "center",
    gap: "12px",
    padding: "10px 12px 10px 16px",
    background: "#0f172a",
    color: "#fff",
    border: "0",
  });
  p.setAttribute("role", "status");
  const dot = make("span", p, { flex: "none", width: "10px", height: "10px", borderRadius: "50%", background: "#ef4444" });
  dot.setAttribute("aria-hidden", "true");
  make("span", p, { flex: "1", minWidth: "0" }, `Sharing this tab with ${agentName}`);
  const stopBtn = button(p, "Stop sharing", false);
  stopBtn.addEventListener("click", onStop);
}

/** A closable notice (sharing stopped, page too large, privacy settings unusable). */
export function notice(text: string): void {
  clearUi();
  const p = panel();
  css(p, { display: "flex", alignItems: "center", gap: "12px" });
  p.setAttribute("role", "status");
  make("span", p, { flex: "1" }, text);
  const close = button(p, "Close", false);
  close.addEventListener("click", clearUi);
}
