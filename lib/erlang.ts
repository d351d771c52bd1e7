// Erlang C: the queueing model call centres staff by (M/M/N: arrivals at random, exponential
// handle times, N agents, nobody hangs up). Pure and dependency-free, so the staffing page's what-if
// form imports it in the browser and answers as the reader types.
//
// The textbook formula has A^N / N!, which overflows a double past ~170 agents and loses precision
// well before. We go through Erlang B's recursion instead, B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)),
// whose terms stay in [0, 1] for any traffic, then C = N·B / (N - A·(1 - B)).

function checkFinite(name: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a finite number >= ${min}`);
}

/** Erlang B (blocking probability) for `agents` servers offered `trafficErlangs`. */
export function erlangB(agents: number, trafficErlangs: number): number {
  checkFinite("agents", agents);
  checkFinite("trafficErlangs", trafficErlangs);
  const n = Math.floor(agents);
  let b = 1;
  for (let k = 1; k <= n; k++) b = (trafficErlangs * b) / (k + trafficErlangs * b);
  return b;
}

/** From Erlang B at N agents, Erlang C at N agents (1 when the queue would grow without end). */
function cFromB(n: number, a: number, b: number): number {
  if (n <= a) return 1;
  return (n * b) / (n - a * (1 - b));
}

/**
 * Probability that an arrival waits at all, with `agents` agents and `trafficErlangs` of offered
 * traffic (arrivals per second × handle seconds). 1 when agents <= traffic (the queue never empties);
 * 0 when there is no traffic.
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  checkFinite("agents", agents);
  checkFinite("trafficErlangs", trafficErlangs);
  if (trafficErlangs === 0) return 0;
  const n = Math.floor(agents);
  return cFromB(n, trafficErlangs, erlangB(n, trafficErlangs));
}

/** Service level for N agents given C at N: share of arrivals answered within the target. */
function slFromC(n: number, a: number, c: number, handleSeconds: number, targetSeconds: number): number {
  if (n <= a) return 0;
  return Math.max(0, Math.min(1, 1 - c * Math.exp(-((n - a) * targetSeconds) / handleSeconds)));
}

/**
 * Share of arrivals (0..1) answered within `targetSeconds` by `agents` agents, when visitors arrive
 * at `arrivalsPerSecond` and each takes `handleSeconds` on average.
 */
export function serviceLevel(agents: number, arrivalsPerSecond: number, handleSeconds: number, targetSeconds: number): number {
  checkFinite("arrivalsPerSecond", arrivalsPerSecond);
  checkFinite("handleSeconds", handleSeconds);
  checkFinite("targetSeconds", targetSeconds);
  const a = arrivalsPerSecond * handleSeconds;
  if (a === 0) return 1;
  const n = Math.floor(agents);
  return slFromC(n, a, erlangC(n, a), handleSeconds, targetSeconds);
}

/** The most agents `agentsNeeded` will try: far past any traffic this service could see. */
export const MAX_AGENTS = 100_000;

/**
 * The fewest agents whose service level reaches `level` (a share, 0 <= level < 1; 0.8 for "80 %
 * within the target"). 0 when there is no traffic. Walks N upward from the traffic, carrying
 * Erlang B along, so it costs O(N) however large the traffic.
 */
export function agentsNeeded(arrivalsPerSecond: number, handleSeconds: number, targetSeconds: number, level: number): number {
  checkFinite("arrivalsPerSecond", arrivalsPerSecond);
  checkFinite("handleSeconds", handleSeconds);
  checkFinite("targetSeconds", targetSeconds);
  if (!Number.isFinite(level) || level < 0 || level >= 1) throw new RangeError("level must be a share from 0 up to (not including) 1");
  const a = arrivalsPerSecond * handleSeconds;
  if (a === 0) return 0;
  if (a >= MAX_AGENTS) throw new RangeError(`traffic of ${a} Erlangs is beyond ${MAX_AGENTS} agents`);
  // Erlang B up to the first N above the traffic; below it the queue never empties.
  let n = Math.floor(a) + 1;
  let b = erlangB(n, a);
  for (; n <= MAX_AGENTS; n++) {
    if (n > Math.floor(a) + 1) b = (a * b) / (n + a * b);
    if (slFromC(n, a, cFromB(n, a, b), handleSeconds, targetSeconds) >= level) return n;
  }
  throw new RangeError(`no staffing up to ${MAX_AGENTS} agents reaches that level`);
}

/** Average time to answer (seconds) with N agents: C · handle / (N - A). Infinity when N <= A. */
export function averageSpeedOfAnswer(agents: number, arrivalsPerSecond: number, handleSeconds: number): number {
  const a = arrivalsPerSecond * handleSeconds;
  if (a === 0) return 0;
  const n = Math.floor(agents);
  if (n <= a) return Infinity;
  return (erlangC(n, a) * handleSeconds) / (n - a);
}
