// scripts/web.ts under --cpu-prof (bench/chat, BENCH_PROFILE=1): V8 writes the profile only on a
// normal exit, so SIGTERM exits normally here.
process.once("SIGTERM", () => process.exit(0));
export {};
await import("../scripts/web");
