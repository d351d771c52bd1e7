// Pages of the portal: who may see them. Signed out -> sign in and come back; signed in but no
// reseller -> a page saying so (with the way to sign up), never another reseller's data.
import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";

export async function requireSignedIn(callbackUrl: string) {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return user;
}

/** The TRPCError code a server-side call failed with, or rethrows anything else. */
export function trpcCode(e: unknown): TRPCError["code"] {
  if (e instanceof TRPCError) return e.code;
  throw e;
}
