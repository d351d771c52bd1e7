// The public API's dispatcher: app/api/v1/**/route.ts hand it the request and the path template
// they serve. In order: the method (405), the bearer key (401: missing, elsewhere, unknown or
// revoked), the key's rate limit (429), its scope (403), the path, query and body (404, 400, 413,
// 415), then the domain call and its answer checked against the route's own response schema.
// Nothing is read or changed before the request passed every check. No cookies are read: a key is
// the only credential, so a browser's session can neither help nor be abused (no CSRF surface).
import "server-only";
import { authenticateApiKey } from "../api-keys/authenticate";
import { ApiError, apiErrorResponse, apiJson } from "./errors";
import { apiRateLimiter, takeApiAllowance, type ApiRateLimiter } from "./rate-limit";
import { bearerKey, parseJsonBody, parsePath, parseQuery } from "./request";
import { API_ROUTES } from "./routes";

export type ServeOptions = {
  /** Default: the shared limiter of API_RATE_LIMIT_PER_MINUTE per key (tests pass a smaller one). */
  rateLimiter?: ApiRateLimiter;
  now?: Date;
};

export async function serveApi(path: string, req: Request, params: Record<string, string>, opts: ServeOptions = {}): Promise<Response> {
  const routes = API_ROUTES.filter((r) => r.path === path);
  const route = routes.find((r) => r.method === req.method);
  let limitHeaders: Record<string, string> = {};
  try {
    if (routes.length === 0) throw new ApiError("NOT_FOUND", "There is no such API endpoint; see /api/v1/openapi.json.");
    if (!route) {
      const allow = routes.map((r) => r.method).join(", ");
      throw new ApiError("METHOD_NOT_ALLOWED", `${req.method} is not allowed here; use ${allow}.`, {
        Allow: allow,
      });
    }
    const url = new URL(req.url);
    const key = bearerKey(req, url);
    const now = opts.now ?? new Date();
    const caller = await authenticateApiKey(key, now);
    if (!caller) throw new ApiError("UNAUTHORIZED", "This API key is not valid or has been revoked.");
    limitHeaders = await takeApiAllowance(opts.rateLimiter ?? (await apiRateLimiter()), caller.keyId);
    if (route.scope === "write" && caller.scope !== "READ_WRITE") {
      throw new ApiError("FORBIDDEN", "This key may only read; create a read-write key in the dashboard for this call.");
    }
    const input = {
      caller,
      now,
      params: route.params ? parsePath(route.params, params) : {},
      query: route.query ? parseQuery(route.query, url) : {},
      body: route.body ? await parseJsonBody(route.body, req) : {},
    };
    const result = await route.handle(input);
    return apiJson(route.response.parse(result), 200, limitHeaders);
  } catch (e) {
    return apiErrorResponse(e, limitHeaders);
  }
}

// A route without dynamic segments gets no params in production (undefined, not {}).
type RouteContext = { params?: Promise<Record<string, string | string[] | undefined> | undefined> };

/** The exports of one app/api/v1 route file: every method goes through serveApi (405 for those the path lacks). */
export function apiRouteHandlers(path: string) {
  const handler = async (req: Request, ctx: RouteContext) => {
    const raw = (await ctx?.params) ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") params[k] = v;
    return serveApi(path, req, params);
  };
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
