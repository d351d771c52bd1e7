// The accepting agents of bench/routing.bench.ts (b), in a process of their own, as their requests
// would land on another web worker: every offer the bench forwards is accepted through `acceptOffer`
// (and, with BENCH_SESSION_SECONDS, left through `leaveSession` that long after). Reports the accept
// times and errors when told to stop.
import { percentile, sleep } from "./relay-lib";

type Offer = { orgId: string; offerId: string; membershipId: string; userId: string };

const { acceptOffer } = await import("../server/routing/offers");
const { leaveSession } = await import("../server/sessions/leave");
const { findSeat } = await import("../server/sessions/participant");
const { drainCoalesced } = await import("../server/routing/coalesce");
const { disconnectDb } = await import("../server/db");
const { stopJobSender } = await import("../server/jobs/boss");

const SESSION_MS = Number(process.env.BENCH_SESSION_SECONDS ?? 0) * 1000;
const acceptMs: number[] = [];
const failures = new Map<string, number>();
const work: Promise<void>[] = [];

async function take(o: Offer) {
  const t = performance.now();
  const { sessionId } = await acceptOffer({ orgId: o.orgId, offerId: o.offerId, membershipId: o.membershipId });
  acceptMs.push(performance.now() - t);
  if (SESSION_MS === 0) return;
  await sleep(SESSION_MS);
  const seat = await findSeat({ userId: o.userId }, sessionId);
  if (seat) await leaveSession(seat);
}

process.on("message", (m: Offer | "stop") => {
  if (m !== "stop") {
    work.push(take(m).catch((e: unknown) => void failures.set((e as Error).message, (failures.get((e as Error).message) ?? 0) + 1)));
    return;
  }
  void (async () => {
    await Promise.allSettled(work);
    await drainCoalesced();
    acceptMs.sort((a, b) => a - b);
    const cpu = process.cpuUsage();
    process.send!({
      cpuMsPerAccept: (cpu.user + cpu.system) / 1000 / Math.max(1, acceptMs.length),
      p50: percentile(acceptMs, 50),
      p99: percentile(acceptMs, 99),
      accepted: acceptMs.length,
      failures: [...failures],
    });
    await stopJobSender();
    await disconnectDb();
    process.exit(0);
  })();
});
process.send!("ready");
