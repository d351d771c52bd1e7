// Where sign-in lands: sends each person to the console their role works in (server/accounts/landing.ts).
import { redirect } from "next/navigation";
import { landingFor, standingOf } from "@/server/accounts/landing";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

export default async function AfterSignIn() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  redirect(landingFor(await standingOf(user.id)));
}
