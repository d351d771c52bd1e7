import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export default function NotFound() {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="text-center">
        <Logo />
        <h1 className="mt-8 text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-500">The link may be old, or the page may have moved.</p>
        <Link href="/" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
