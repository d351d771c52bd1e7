// One public API operation: its method and path, the scope it needs, the zod schemas of its path,
// query, body and answer, and the domain call. The dispatcher (serve.ts) validates with these very
// schemas and the OpenAPI document (openapi.ts) is generated from them, so the two cannot drift.
import "server-only";
import type { z } from "zod";
import type { ApiCaller } from "../api-keys/authenticate";

export type ApiScope = "read" | "write";
export type ApiMethod = "GET" | "PATCH";

type Obj = z.ZodObject;

export type ApiRoute<P extends Obj = Obj, Q extends Obj = Obj, B extends Obj = Obj, R extends z.ZodType = z.ZodType> = {
  method: ApiMethod;
  /** OpenAPI path template under /api/v1, e.g. "/visitors/{id}". */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  handle: (input: { caller: ApiCaller; params: z.output<P>; query: z.output<Q>; body: z.output<B>; now: Date }) => Promise<z.input<R>>;
};

/** Keeps each route's schemas and handler typed together. */
export function defineRoute<P extends Obj, Q extends Obj, B extends Obj, R extends z.ZodType>(
  route: ApiRoute<P, Q, B, R>,
): ApiRoute<P, Q, B, R> {
  return route;
}
