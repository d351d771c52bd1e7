"use client";
// The visitor's way out once the session is over: the window the embed opened closes (a window
// opened by a script may close itself), else the visitor goes back to the client's page they came
// from, else they are told they can close the window. Never to our own home page: the visitor came
// for the client, and the farewell carries the client's name and colour.
import { useState, useSyncExternalStore, type CSSProperties, type ReactNode } from "react";
import type { VisitorExit } from "@/server/sessions/visitor-exit";

export type { VisitorExit };

/** Close: the window if a script opened it (the embed), else the client's page; false when neither. */
function leave(exit: VisitorExit): boolean {
  window.close();
  // `closed` turns true at once when the browser accepted close(); it refuses for a window the
  // visitor opened themselves, which then goes back to the page they came from.
  if (window.closed) return true;
  if (exit.returnUrl) {
    window.location.assign(exit.returnUrl);
    return true;
  }
  return false;
}

const noSubscription = () => () => {};

export function ExitButton({
  exit,
  className,
  style,
  children,
}: {
  exit: VisitorExit;
  className: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  const [stuck, setStuck] = useState(false);
  // Without JavaScript (the basic page) and with no page to go back to, a Close could do nothing.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (stuck || (!exit.returnUrl && !hydrated))
    return <span className="px-2 py-1 text-sm text-slate-600">You can close this window now.</span>;
  return (
    <a
      href={exit.returnUrl ?? "#"}
      className={className}
      style={style}
      onClick={(e) => {
        e.preventDefault();
        if (!leave(exit)) setStuck(true);
      }}
    >
      {children}
    </a>
  );
}

/** After the visitor left: thanks in the client's name, and the way back to the client's site. */
export function VisitorFarewell({ exit, survey }: { exit: VisitorExit; survey?: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="max-w-sm text-center">
        <p className="text-lg font-semibold" style={{ color: exit.brandColor }}>
          {exit.orgName}
        </p>
        <h1 className="mt-6 text-xl font-semibold">You left the session</h1>
        <p className="mt-2 text-sm text-slate-500">
          Thanks for talking with {exit.orgName}. The conversation is kept for the people who helped you.
        </p>
        {survey}
        <ExitButton
          exit={exit}
          style={{ backgroundColor: exit.brandColor, outlineColor: exit.brandColor }}
          className="mt-6 inline-flex min-h-11 items-center rounded-lg px-5 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {exit.returnHost ? `Back to ${exit.returnHost}` : "Close"}
        </ExitButton>
      </div>
    </main>
  );
}
