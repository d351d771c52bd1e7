import type { Metadata } from "next";
import Link from "next/link";
import { ctaPrimary, ctaSecondary, EmbedSnippet } from "@/components/marketing/site-chrome";
import { SessionPreview } from "@/components/marketing/session-preview";
import { formatCents, PLAN_LIST } from "@/lib/plans";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { absolute: "iSession — a live person on your web site, one click away" },
};

const STEPS = [
  {
    title: "Paste one line",
    body: "Add our button to your site, or link to your launcher from anywhere: an email, a help page, a QR code.",
  },
  {
    title: "Visitors queue to a person",
    body: "The next available agent is offered the visitor, first come, first served. Nobody installs anything.",
  },
  {
    title: "Talk and show the way",
    body: "Chat where each side sees the other type, while the agent drives the visitor's view to the right page.",
  },
];

const FEATURES = [
  {
    title: "Nothing to install",
    body: "A plain link opens a page in the visitor's own browser. No plug-in, no download, no account for your visitors.",
  },
  {
    title: "Chat you watch being typed",
    body: "Each side sees the other's words as they are typed, like talking across a desk. Lines are archived with a timestamp.",
  },
  {
    title: "The leader drives the view",
    body: "Whoever holds the baton takes everyone to any page on the web, then hands the lead to someone else.",
  },
  {
    title: "Sidebars, prompter, monitoring",
    body: "Whisper in a private sidebar, let a colleague draft answers for the agent, and let managers watch live sessions unseen.",
  },
  {
    title: "Rooms for a group",
    body: "A collaboration room that people join by your link or an invitation, with a passcode if you want one. Anyone may take the lead.",
  },
  {
    title: "Events with an audience",
    body: "An auditorium for thousands: a producer and speakers on stage lead the audience's view, take questions from a moderated queue and answer on stage or privately.",
  },
  {
    title: "Reports a manager opens every morning",
    body: "Search every past session by what was said and replay it; usage per agent, queue waits and service level per 15 minutes, staffing advice from Erlang C, attendance certificates, and what visitors ask about week over week.",
  },
  {
    title: "Connects to your other systems",
    body: "A REST API with per-key access and an OpenAPI reference, and signed webhooks when sessions start and end, visitors queue or leave, surveys are answered and statements close.",
  },
  {
    title: "Visitors' words, in their language, kept as long as you say",
    body: "A rating after each session, lines translated into each reader's language where the service has DeepL or LibreTranslate configured, and retention, erasure and export of a visitor's data on request.",
  },
  {
    title: "On any screen, even without JavaScript",
    body: "A chat-first layout on phones, and a plain form-and-refresh chat when scripts are off. Visitors go back to your page when they are done.",
  },
  {
    title: "Pay per use",
    body: "Billed by the visitor minute or by the session. No seat licences, no setup fee, and add as many agents as you like.",
  },
];

export default function Landing() {
  const origin = new URL(env.NEXTAUTH_URL).origin;
  return (
    <>
      <section className="overflow-hidden border-b border-slate-100 bg-gradient-to-b from-brand-50/70 to-white">
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 md:py-24 lg:grid-cols-2">
          <div>
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Live assistance on the web</p>
            <h1 className="mt-3 text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl">
              A live person on your web site, one click away.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-pretty text-slate-600">
              iSession queues your visitors to the next available agent — with nothing to install. They chat in real time, each seeing the
              other type, and your agent leads their browser to exactly the right page.
            </p>
            <div className="mt-8 flex flex-col gap-3 sm:flex-row">
              <Link href="/sign-up" className={ctaPrimary}>
                Create your account
              </Link>
              <Link href="/l/demo" className={ctaSecondary}>
                Try the live demo
                <span aria-hidden>→</span>
              </Link>
            </div>
            <p className="mt-4 text-sm text-slate-500">
              No setup fee. From {formatCents(PLAN_LIST[0]!.unitPriceCents)} per {PLAN_LIST[0]!.unitLabel}.
            </p>
          </div>
          <SessionPreview />
        </div>
      </section>

      <section aria-labelledby="how" className="mx-auto max-w-6xl px-4 py-16 sm:px-6 md:py-20">
        <h2 id="how" className="text-2xl font-semibold tracking-tight sm:text-3xl">
          How it works
        </h2>
        <ol className="mt-8 grid gap-6 md:grid-cols-3">
          {STEPS.map((s, i) => (
            <li key={s.title} className="rounded-2xl border border-slate-200 p-6">
              <span aria-hidden className="grid size-8 place-items-center rounded-full bg-brand-600 text-sm font-semibold text-white">
                {i + 1}
              </span>
              <h3 className="mt-4 font-semibold text-slate-900">{s.title}</h3>
              <p className="mt-2 text-sm leading-relaxed text-slate-600">{s.body}</p>
            </li>
          ))}
        </ol>
      </section>

      <section id="features" aria-labelledby="features-title" className="scroll-mt-20 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 md:py-20">
          <h2 id="features-title" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            Everything a live conversation needs
          </h2>
          <p className="mt-3 max-w-2xl text-slate-600">
            One-on-one support and sales, rooms where a group works together, and events with an audience — the same session, the same
            tools.
          </p>
          <ul className="mt-10 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {FEATURES.map((f) => (
              <li key={f.title} className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h3 className="font-semibold text-slate-900">{f.title}</h3>
                <p className="mt-2 text-sm leading-relaxed text-slate-600">{f.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="embed" className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 sm:px-6 md:py-20 lg:grid-cols-2">
        <div>
          <h2 id="embed" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            One line on your site
          </h2>
          <p className="mt-3 text-slate-600">
            The button shows whether someone is free right now, wears your brand colour, and opens live help in a new window. Under 7 KB, no
            dependencies, and it works under a strict Content Security Policy.
          </p>
          <Link href="/embed-demo" className="mt-6 inline-flex font-semibold text-brand-700 underline-offset-4 hover:underline">
            See the button on a sample page →
          </Link>
        </div>
        <EmbedSnippet origin={origin} launcherKey="YOUR-KEY" />
      </section>

      <section aria-labelledby="pricing" className="border-t border-slate-100 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 md:py-20">
          <h2 id="pricing" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            Pay only for what you use
          </h2>
          <ul className="mt-8 grid gap-4 md:grid-cols-2">
            {PLAN_LIST.map((p) => (
              <li key={p.id} className="flex flex-col rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h3 className="font-semibold text-slate-900">{p.name}</h3>
                <p className="mt-2">
                  <span className="text-3xl font-semibold tracking-tight">{formatCents(p.unitPriceCents, p.currency)}</span>{" "}
                  <span className="text-slate-500">per {p.unitLabel}</span>
                </p>
                <p className="mt-2 flex-1 text-sm text-slate-600">{p.summary}</p>
              </li>
            ))}
          </ul>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            <Link href="/sign-up" className={ctaPrimary}>
              Create your account
            </Link>
            <Link href="/pricing" className={ctaSecondary}>
              Compare plans
            </Link>
          </div>
        </div>
      </section>
    </>
  );
}
