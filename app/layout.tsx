import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "iSession — live assistance on the web", template: "%s · iSession" },
  description: "Queue, chat and lead your visitors' browser view with a live agent. Nothing to install.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next puts that request's CSP nonce on its scripts, which a
  // page prerendered at build time could not carry (docs/security.md).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
