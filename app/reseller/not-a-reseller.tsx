import Link from "next/link";
import { AppShell } from "@/app/app-shell";

export function NotAReseller({ userLabel, message }: { userLabel: string; message?: string }) {
  return (
    <AppShell userLabel={userLabel}>
      <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <h1 className="text-lg font-semibold">This is the reseller portal</h1>
        <p className="mt-1 text-sm text-slate-500">{message ?? "Your account is not a reseller's."}</p>
        <p className="mt-4 text-sm">
          <Link href="/app" className="font-medium text-brand-700 hover:underline">
            Go to your workspace
          </Link>
        </p>
      </section>
    </AppShell>
  );
}
