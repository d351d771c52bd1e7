import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// next-auth v4's App Router handler reads options per call; building them lazily keeps the build
// from needing secrets.
async function handler(req: Request, ctx: RouteContext) {
  return (NextAuth(getAuthOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
