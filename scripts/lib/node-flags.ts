// V8 flags of the web process, wherever it is started: `npm start` (scripts/start.ts), `npm run web`
// (package.json, the Docker image's CMD and the Kubernetes Deployment: they must stay the same
// text, tests/unit/deploy.test.ts) and bench/chat.bench.ts.
//
// --max-semi-space-size=32 (MB; V8's default on 64-bit is 16): a chat line allocates short-lived
// request, tRPC and Prisma objects, and at 1,000 lines/s the 16 MB young generation filled every few
// milliseconds, so scavenges ran constantly and promoted objects that were about to die. With 32 MB,
// `bench/chat` at 1,000 lines/s on the 2-core machine: web CPU 0.81 against 0.91 ms a line, p50 17.6
// against 34.3 ms (docs/performance.md, "Young generation"). Each web process holds up to 3 x 32 MB
// more young space, worth it on any machine that takes this rate.
export const WEB_NODE_FLAGS = ["--max-semi-space-size=32"];
