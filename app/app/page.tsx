// Where sign-in lands: sends each person to the console their role works in.
import { redirect } from "next/navigation";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

export default async function AfterSignIn() {
  if (!(await getSessionUser())) redirect("/sign-in");
  await (await getServerApi()).me();
  // Everyone with a team takes chats in the agent console; the dashboard, manager and operator
  // consoles join this routing as their issues land.
  redirect("/agent");
}
