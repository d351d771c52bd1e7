import Link from "next/link";
import { Logo } from "@/components/ui/logo";

const FEATURES = [
  { title: "Nothing to install", body: "A link or a button on your site. Visitors click and are connected in their browser." },
  { title: "Chat you can watch being typed", body: "Both sides see the other type, as it happens, like talking across a desk." },
  { title: "Lead them anywhere", body: "Your agent drives the visitor's view to any page on the web, and hands the lead over." },
  { title: "Pay for what you use", body: "Billed by the visitor minute or by the session. No seats, no setup fee." },
];

export default function Landing() {
  return (
    <div className="min-h-dvh bg-white">
      <header className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4">
        <Logo />
        <Link href="/sign-in" className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
          Sign in
        </Link>
      </header>
      <main className="mx-auto max-w-6xl px-4 pb-20">
        <section className="py-16 text-center sm:py-24">
          <h1 className="mx-auto max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
            A live person on your web site, in one click.
          </h1>
          <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-600">
            iSession queues your visitors to the next available agent, lets them chat in real time and lets the
            agent take them to the right page.
          </p>
          <div className="mt-8 flex justify-center gap-3">
            <Link href="/sign-in" className="rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-700">
              Sign in to your console
            </Link>
          </div>
        </section>
        <section aria-label="Features" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map((f) => (
            <div key={f.title} className="rounded-2xl border border-slate-200 p-5">
              <h2 className="font-semibold">{f.title}</h2>
              <p className="mt-2 text-sm text-slate-600">{f.body}</p>
            </div>
          ))}
        </section>
      </main>
    </div>
  );
}
