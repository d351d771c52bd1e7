import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { formatCents, PLAN_LIST } from "@/lib/plans";

export const metadata: Metadata = { title: "Create your account" };

const POINTS = [
  "Your own launcher link and button, ready to paste",
  "Default scenarios for one-on-one help, collaboration and events",
  "Invite your agents from the dashboard",
];

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const plan = (await searchParams).plan;
  const initialPlan = PLAN_LIST.find((p) => p.id === plan)?.id ?? PLAN_LIST[0]!.id;
  return (
    <div className="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 md:py-16 lg:grid-cols-[1fr_28rem] lg:gap-16">
      <div className="lg:pt-6">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">Put a live person on your site</h1>
        <p className="mt-4 max-w-lg text-lg text-slate-600">
          Create your account and your organization in one step. You pay only for usage, from {formatCents(PLAN_LIST[0]!.unitPriceCents)}{" "}
          per {PLAN_LIST[0]!.unitLabel}.
        </p>
        <ul className="mt-8 space-y-3 text-slate-700">
          {POINTS.map((p) => (
            <li key={p} className="flex gap-3">
              <svg aria-hidden viewBox="0 0 20 20" className="mt-1 size-4 shrink-0 fill-brand-600">
                <path d="M7.7 13.3 4.4 10l-1.1 1.1 4.4 4.4 9-9-1.1-1.1z" />
              </svg>
              {p}
            </li>
          ))}
        </ul>
      </div>
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h2 className="mb-6 text-xl font-semibold">Create your account</h2>
        <SignUpForm initialPlan={initialPlan} />
      </div>
    </div>
  );
}
