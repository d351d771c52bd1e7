import type { Metadata } from "next";
import Link from "next/link";
import { ctaPrimary, ctaSecondary } from "@/components/marketing/site-chrome";
import { formatCents, PLAN_LIST, type Plan } from "@/lib/plans";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Pay per visitor minute or per session. No seat licences, no setup fee.",
};

const INCLUDED = [
  "Unlimited agents, managers and administrators",
  "One-on-one sessions, with monitoring, prompting and barge-in",
  "Chat with live typing, leading, sidebars and prompter",
  "Launcher links and the embeddable button",
  "Every session archived, searchable, with replay",
  "Usage, queue, staffing, attendance and trend reports",
  "Satisfaction survey per scenario, with ratings per agent",
  "REST API and signed webhooks",
  "Retention you set, erasure and export on request",
  "Translation of chat lines, where a DeepL or LibreTranslate provider is configured",
];

/** A worked example so the unit price means something: integer cents all the way. */
function example(plan: Plan): string {
  if (plan.billedKind === "VISITOR_MINUTE") {
    const minutes = 200 * 8;
    return `200 visitors who each spend 8 minutes with your team: ${minutes.toLocaleString("en-US")} minutes = ${formatCents(minutes * plan.unitPriceCents, plan.currency)}.`;
  }
  return `200 sessions, however long each one lasts: ${formatCents(200 * plan.unitPriceCents, plan.currency)}.`;
}

const FAQ = [
  {
    q: "What is a visitor minute?",
    a: "A minute a visitor spends in a live session with your team. Time waiting in the queue is not billed.",
  },
  {
    q: "What counts as a session?",
    a: "One live session that a visitor starts with your team, counted once however long it lasts and however many of your staff join it.",
  },
  {
    q: "How are rooms and events billed?",
    a: "In a collaboration room, each visitor's minutes count on the per-minute plan, and the room counts once on the per-session plan. In an auditorium event each attendee counts: every minute present on the per-minute plan, or once per event on the per-session plan, at the same price, on its own line of your statement.",
  },
  {
    q: "Do agents cost extra?",
    a: "No. Invite as many agents, managers and administrators as you need; you pay only for usage.",
  },
  {
    q: "Is there a setup fee or a minimum?",
    a: "No. A month without sessions costs nothing.",
  },
];

export default function PricingPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 md:py-20">
      <div className="max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">Simple, usage-based pricing</h1>
        <p className="mt-4 text-lg text-slate-600">
          Choose how you are billed: by the minute for long, hands-on help, or by the session for many short ones. Prices in US dollars,
          before tax.
        </p>
      </div>

      <ul className="mt-12 grid gap-6 md:grid-cols-2">
        {PLAN_LIST.map((plan) => (
          <li key={plan.id} className="flex flex-col rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
            <h2 className="text-lg font-semibold text-slate-900">{plan.name}</h2>
            <p className="mt-4">
              <span className="text-4xl font-semibold tracking-tight text-slate-900">
                {formatCents(plan.unitPriceCents, plan.currency)}
              </span>{" "}
              <span className="text-slate-500">per {plan.unitLabel}</span>
            </p>
            <p className="mt-3 text-slate-600">{plan.summary}</p>
            <p className="mt-4 rounded-xl bg-slate-50 px-4 py-3 text-sm text-slate-700">
              <span className="font-medium">For example:</span> {example(plan)}
            </p>
            <ul className="mt-6 flex-1 space-y-2 text-sm text-slate-700">
              {INCLUDED.map((item) => (
                <li key={item} className="flex gap-2">
                  <svg aria-hidden viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-brand-600">
                    <path d="M7.7 13.3 4.4 10l-1.1 1.1 4.4 4.4 9-9-1.1-1.1z" />
                  </svg>
                  {item}
                </li>
              ))}
            </ul>
            <Link href={`/sign-up?plan=${plan.id}`} className={`${ctaPrimary} mt-8`}>
              Start with {plan.name.toLowerCase()}
            </Link>
          </li>
        ))}
      </ul>

      <section aria-labelledby="faq" className="mt-20 max-w-3xl">
        <h2 id="faq" className="text-2xl font-semibold tracking-tight">
          Questions
        </h2>
        <dl className="mt-6 divide-y divide-slate-200 border-y border-slate-200">
          {FAQ.map((f) => (
            <div key={f.q} className="py-5">
              <dt className="font-medium text-slate-900">{f.q}</dt>
              <dd className="mt-2 text-slate-600">{f.a}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-10 flex flex-col gap-3 sm:flex-row">
          <Link href="/sign-up" className={ctaPrimary}>
            Create your account
          </Link>
          <Link href="/l/demo" className={ctaSecondary}>
            Try the live demo
          </Link>
        </div>
      </section>
    </div>
  );
}
