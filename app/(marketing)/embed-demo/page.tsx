// A sample client page with the real embed script on it (the demo org's launcher, `demo`, which
// accepts direct visits, so it works from our own origin too). The button appears bottom right.
import type { Metadata } from "next";
import Script from "next/script";
import { EmbedSnippet } from "@/components/marketing/site-chrome";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "The embed button" };

const FACTS = [
  ["Live availability", "The dot and the line under the label say whether someone is free, busy or offline, refreshed every 30 seconds."],
  ["Your colours", "The button wears your brand colour, darkened where needed so its white text stays readable."],
  ["A new window", "A click opens live help in a small window beside your page; your visitor never leaves your site."],
  ["Strict CSP", "No eval, no inline styles or scripts. Allow our origin in script-src and connect-src and it just works."],
  ["Light", "Under 7 KB gzipped, no dependencies, loaded with async so it never delays your page."],
  ["Accessible", "A real button with a text label, reachable with the keyboard, with a visible focus ring."],
];

export default function EmbedDemoPage() {
  const origin = new URL(env.NEXTAUTH_URL).origin;
  return (
    <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6 md:py-16">
      <div className="max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">The embed button</h1>
        <p className="mt-4 text-lg text-slate-600">
          Paste one line into your site&apos;s HTML. This page carries it for our demo organization: the button is at the bottom right.
          Click it to join the demo queue.
        </p>
      </div>
      <div className="mt-8 max-w-3xl">
        <EmbedSnippet origin={origin} launcherKey="YOUR-KEY" />
        <p className="mt-3 text-sm text-slate-500">
          Your key is on your dashboard. Optional: <code className="rounded bg-slate-100 px-1">data-label=&quot;Chat with us&quot;</code>{" "}
          and <code className="rounded bg-slate-100 px-1">data-position=&quot;left&quot;</code>.
        </p>
      </div>
      <ul className="mt-12 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {FACTS.map(([title, body]) => (
          <li key={title} className="rounded-2xl border border-slate-200 p-5">
            <h2 className="font-semibold text-slate-900">{title}</h2>
            <p className="mt-2 text-sm leading-relaxed text-slate-600">{body}</p>
          </li>
        ))}
      </ul>
      <Script src="/embed.js" data-launcher="demo" strategy="afterInteractive" />
    </div>
  );
}
