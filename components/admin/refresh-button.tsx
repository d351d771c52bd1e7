"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Re-renders the page on the server: every figure is queried again. */
export function RefreshButton({ label = "Check again" }: { label?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button type="button" variant="secondary" disabled={pending} onClick={() => start(() => router.refresh())}>
      {pending ? "Checking…" : label}
    </Button>
  );
}
