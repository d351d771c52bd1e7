// The basic page's parts (no JavaScript): the redirect the live viewer carries for browsers without
// it, and the note that says what the basic page can and cannot do.

/** Only without JavaScript (a <noscript> is inert with it): the live viewer would say "Connecting…" for ever. */
export function BasicPageRedirect({ sessionId }: { sessionId: string }) {
  return (
    <noscript>
      <meta httpEquiv="refresh" content={`0;url=/s/${encodeURIComponent(sessionId)}/basic`} />
    </noscript>
  );
}

/** `refreshSeconds`: the page's reload interval (BASIC_REFRESH_SECONDS in server/sessions/basic.ts). */
export function BasicNote({ refreshSeconds }: { refreshSeconds: number }) {
  return (
    <p className="border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:px-4">
      <strong className="font-semibold">Basic chat: JavaScript is off in your browser.</strong> New messages appear every {refreshSeconds}{" "}
      seconds, nobody sees you type, and shared pages open only as links. Turn JavaScript on and reload for the live chat.
    </p>
  );
}
