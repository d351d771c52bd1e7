// /api/trpc through Next (`next dev`, `next start`); production runs it from our own server
// (server/http/trpc-handler.ts) with the same context (server/http/trpc-context.ts).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { reportTrpcError, requestContext } from "@/server/http/trpc-context";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => requestContext((name) => req.headers.get(name)),
    onError: reportTrpcError,
  });

export { handler as GET, handler as POST };
