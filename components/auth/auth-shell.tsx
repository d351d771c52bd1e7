// The centred logo-and-card page around the sign-in, sign-out, unlock, verify-email, invitation and
// reseller sign-up forms, so each page holds only its own words and form.
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export function AuthShell({ width = "md", center = false, children }: { width?: "sm" | "md"; center?: boolean; children: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-12">
      <div className={`w-full ${width === "sm" ? "max-w-sm" : "max-w-md"}${center ? "text-center" : ""}`}>
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
      </div>
    </main>
  );
}
