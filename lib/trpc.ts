// Browser-side tRPC through @trpc/tanstack-react-query: `useTRPC()` gives query/mutation options.
"use client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
