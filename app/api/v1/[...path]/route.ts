// Any other path under /api/v1: the API's 404 in its own error shape (never Next's HTML page).
import { apiRouteHandlers } from "@/server/api-v1/serve";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = apiRouteHandlers("");
