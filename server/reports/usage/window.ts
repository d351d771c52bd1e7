// The window a usage or trends roll-up recomputes. Roll-ups are kept per local day in the org's time
// zone, so a window of UTC instants becomes whole local days; it reaches one day further back because
// a session is counted on the day it started, and the refresh names the day it ended.
import "server-only";
import { db } from "../../db";
import { AppError } from "../../errors";
import { isValidTimeZone, localParts, nextDay, startOfLocalDay } from "../range";

export interface LocalDayWindow {
  timeZone: string;
  /** First and last local day rewritten, both included ("YYYY-MM-DD"). */
  fromDay: string;
  toDay: string;
  /** Base rows whose time falls in [start, end) make the window's days. */
  start: Date;
  end: Date;
}

export async function orgTimeZone(orgId: string): Promise<string> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  return isValidTimeZone(org.timeZone) ? org.timeZone : "UTC";
}

export function localDayWindow(timeZone: string, from: Date, to: Date): LocalDayWindow {
  const fromDay = localParts(new Date(from.getTime() - 86_400_000), timeZone).day;
  const toDay = localParts(new Date(Math.max(from.getTime(), to.getTime() - 1)), timeZone).day;
  return {
    timeZone,
    fromDay,
    toDay,
    start: startOfLocalDay(fromDay, timeZone),
    end: startOfLocalDay(nextDay(toDay), timeZone),
  };
}
