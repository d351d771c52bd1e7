"use server";
// The unlock link's button. A POST, so mail scanners that open the link use nothing; the browser
// that presses it becomes a known device for the account (its device cookie is set here).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { deviceCookieName, deviceCookieOptions, deviceCookieValue } from "@/server/accounts/device-cookie";
import { unlockSignIn } from "@/server/accounts/sign-in-unlock";

export async function unlockAction(form: FormData): Promise<void> {
  const token = form.get("token");
  const result = await unlockSignIn(typeof token === "string" ? token : "");
  if (result.status !== "unlocked") redirect(`/unlock-sign-in/done?result=${result.status}`);
  (await cookies()).set(deviceCookieName(result.email), deviceCookieValue(result.email), deviceCookieOptions());
  redirect("/sign-in?unlocked=1");
}
