// The launcher button a client pastes onto its own site:
//   <script src="https://HOST/embed.js" data-launcher="KEY" async></script>
// Optional: data-label="Chat with us" (button text), data-position="left".
//
// Rules (docs/embed.md): no dependencies, nothing global but one guard flag, and safe under a
// strict Content Security Policy: no eval, no inline <script>, no <style> element and no style=""
// attribute. Styles are set through the CSSOM (element.style), which style-src does not restrict.
// The button lives in a shadow root, so the page's CSS cannot restyle it. Served minified by
// app/embed.js/route.ts; its gzipped size is budgeted (7 KB) by a unit test and bench/embed-size.
(() => {
  type State = "available" | "busy" | "offline";
  type Status = { available: number; state: State; brandColor?: string; label?: string };

  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-launcher][src*="/embed.js"]');
  const key = script?.dataset.launcher ?? "";
  if (!script || !/^[A-Za-z0-9_-]{1,64}$/.test(key)) {
    console.warn('iSession: add data-launcher="YOUR-KEY" to the embed.js script tag.');
    return;
  }
  const w = window as unknown as Record<string, unknown>;
  const flag = `__iSession_${key}`;
  if (w[flag]) return;
  w[flag] = 1;

  const base = new URL(script.src, location.href).origin;
  const launcherUrl = `${base}/l/${encodeURIComponent(key)}`;
  const left = script.dataset.position === "left";
  const DOT: Record<State, string> = { available: "#22c55e", busy: "#f59e0b", offline: "#94a3b8" };
  const SAYS: Record<State, string> = {
    available: "Someone is available now",
    busy: "All agents are busy: join the queue",
    offline: "No one is online right now",
  };

  const css = (el: HTMLElement, styles: Partial<CSSStyleDeclaration>) => Object.assign(el.style, styles);
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, styles: Partial<CSSStyleDeclaration> = {}) => {
    const el = document.createElement(tag);
    css(el, styles);
    parent.appendChild(el);
    return el;
  };

  const host = document.createElement("div");
  host.setAttribute("data-isession-launcher", key);
  css(host, {
    all: "initial",
    position: "fixed",
    bottom: "20px",
    zIndex: "2147483000",
    display: "none",
    [left ? "left" : "right"]: "20px",
  });
  const root: Node = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  const button = make("button", root, {
    display: "flex",
    alignItems: "center",
    gap: "10px",
    maxWidth: "calc(100vw - 40px)",
    minHeight: "48px",
    padding: "10px 18px 10px 14px",
    border: "0",
    borderRadius: "999px",
    background: "#2563eb",
    color: "#fff",
    font: "600 15px/1.25 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif",
    textAlign: "left",
    cursor: "pointer",
    boxShadow: "0 8px 24px rgba(15,23,42,.25)",
    outlineOffset: "3px",
  });
  button.type = "button";
  const dot = make("span", button, {
    flex: "none",
    width: "12px",
    height: "12px",
    borderRadius: "50%",
    background: DOT.offline,
    boxShadow: "0 0 0 2px #fff",
  });
  dot.setAttribute("aria-hidden", "true");
  const texts = make("span", button, { display: "flex", flexDirection: "column", minWidth: "0" });
  const label = make("span", texts);
  const status = make("span", texts, { fontWeight: "400", fontSize: "12px", lineHeight: "1.3", opacity: ".92" });
  const hint = make("span", button, {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  });
  hint.textContent = " (opens in a new window)";

  const render = (s: Status | null) => {
    label.textContent = script.dataset.label || s?.label || "Talk to us live";
    status.textContent = s ? SAYS[s.state] : "";
    status.style.display = s ? "" : "none";
    dot.style.background = DOT[s?.state ?? "offline"];
    dot.style.display = s ? "" : "none";
    if (s?.brandColor && /^#[0-9a-f]{6}$/i.test(s.brandColor)) button.style.background = s.brandColor;
    ring();
  };
  const ring = () => {
    let keyboard = false;
    try {
      keyboard = button.matches(":focus-visible");
    } catch {
      keyboard = document.activeElement === host;
    }
    button.style.outline = keyboard ? `3px solid ${button.style.background}` : "none";
  };

  button.addEventListener("focus", ring);
  button.addEventListener("blur", () => (button.style.outline = "none"));
  button.addEventListener("mouseenter", () => (button.style.filter = "brightness(.92)"));
  button.addEventListener("mouseleave", () => (button.style.filter = ""));
  button.addEventListener("click", () => {
    // The entry checks the referring site: the browser's Referer carries this page's origin, and
    // `page` the full address (same origin, so the entry uses it for its page rules).
    // `cb`: this tab's co-browse nonce (docs/cobrowse.md). The help window's viewer claims it for
    // the visitor's seat; this tab then learns it may offer to share itself.
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    const nonce = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    try {
      sessionStorage.setItem(CB_KEY, JSON.stringify({ n: nonce, t: Date.now() }));
    } catch {
      // Storage refused (privacy mode): sharing stays off for this tab; live help still opens.
    }
    pair();
    const url = `${launcherUrl}?page=${encodeURIComponent(location.href.slice(0, 2048))}&cb=${nonce}`;
    const wide = window.innerWidth >= 720;
    const features = wide
      ? `popup,width=440,height=${Math.min(760, screen.availHeight - 40)},left=${Math.max(0, screen.availWidth - 480)},top=20,noopener`
      : "noopener";
    window.open(url, "_blank", features);
  });

  let last: Status | null = null;
  let timer = 0;
  const refresh = () => {
    clearTimeout(timer);
    fetch(`${launcherUrl}/status`, { credentials: "omit" })
      .then((r) => (r.status === 404 ? null : r.ok ? (r.json() as Promise<Status>) : Promise.reject(new Error(String(r.status)))))
      .then(
        (s) => {
          // Unknown key, archived launcher or suspended org: no button at all.
          if (!s) return void host.remove();
          last = s;
          render(s);
          host.style.display = "block";
        },
        () => {
          // Status unavailable (network, or the page's CSP blocks connect-src): the button still works.
          render(last);
          host.style.display = "block";
        },
      )
      .finally(() => {
        if (host.isConnected) timer = window.setTimeout(refresh, 30_000);
      });
  };

  // Co-browsing: after a click (in this tab, on any page of the site: sessionStorage is per tab),
  // ask every few seconds whether the visitor's session is ready to be shared; when it is, load the
  // co-browse bundle, which asks for consent. The bundle is never part of this loader.
  const CB_KEY = `isession-cb-${key}`;
  let pairTimer = 0;
  const pair = () => {
    clearTimeout(pairTimer);
    let held: { n: string; t: number } | null = null;
    try {
      held = JSON.parse(sessionStorage.getItem(CB_KEY) ?? "null") as { n: string; t: number } | null;
    } catch {
      held = null;
    }
    if (!held || Date.now() - held.t > 3 * 3600_000) return;
    const again = () => (pairTimer = window.setTimeout(pair, document.visibilityState === "visible" ? 4000 : 15_000));
    fetch(`${base}/api/cobrowse/pair?cb=${held.n}`, { credentials: "omit" })
      .then((r) =>
        r.status === 410 || r.status === 400
          ? null
          : r.ok
            ? (r.json() as Promise<{ state: string }>)
            : Promise.reject(new Error(String(r.status))),
      )
      .then((a) => {
        if (!a) return sessionStorage.removeItem(CB_KEY);
        if (a.state !== "ready") return again();
        w.__isessionCobrowse = { base, key, nonce: held.n, answer: a, storageKey: CB_KEY };
        // A module import, not an injected <script>: the same script-src rule allows it, and
        // the loader never creates script elements (tests/unit/embed.test.ts).
        import(`${base}/cobrowse.js`).catch(() => console.warn("iSession: co-browsing could not load."));
      }, again);
  };

  render(null);
  pair();
  const mount = () => {
    document.body.appendChild(host);
    refresh();
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && host.isConnected) refresh();
  });
})();
