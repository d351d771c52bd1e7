// /launchers of the public API: thin; server/api-v1/serve.ts authenticates, limits, validates and answers.
import { apiRouteHandlers } from "@/server/api-v1/serve";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = apiRouteHandlers("/launchers");
