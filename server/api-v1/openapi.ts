// The OpenAPI 3.1 document of the public API, generated from the same zod schemas the dispatcher
// validates with (routes.ts), by zod's own JSON Schema conversion (`z.toJSONSchema`, JSON Schema
// 2020-12, which is OpenAPI 3.1's schema dialect): no second description to keep in step.
// Query and path parameters come from the input side of their schemas (what a client sends),
// answers from the output side. docs/api.md says why no other generator library.
import "server-only";
import { z } from "zod";
import { API_KEY_PREFIX } from "../api-keys/manage";
import { apiErrorSchema, type ApiErrorCode } from "./errors";
import { MAX_BODY_BYTES } from "./request";
import type { ApiRoute } from "./route";
import { API_BASE_PATH, API_ROUTES } from "./routes";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests this key may make per window.", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" } },
  "RateLimit-Policy": { description: 'The limit and window, e.g. "600;w=60".', schema: { type: "string" } },
};

const ERROR_DESCRIPTIONS: Partial<Record<ApiErrorCode, [status: string, text: string]>> = {
  BAD_REQUEST: ["400", "The query or body is not valid (malformed JSON, an unknown field, a value out of range)."],
  UNAUTHORIZED: ["401", "No key, a key outside the Authorization header, or an unknown or revoked key."],
  FORBIDDEN: ["403", "A read key on an endpoint that changes something."],
  NOT_FOUND: ["404", "Nothing with this id in the key's organization."],
  PAYLOAD_TOO_LARGE: ["413", `A body over ${MAX_BODY_BYTES / 1024} KB.`],
  UNSUPPORTED_MEDIA_TYPE: ["415", "A body that is not application/json."],
  RATE_LIMITED: ["429", "Over the key's rate limit; `Retry-After` says when to retry."],
};

const errorResponse = (code: ApiErrorCode) => {
  const [, description] = ERROR_DESCRIPTIONS[code]!;
  const headers =
    code === "RATE_LIMITED"
      ? {
          ...RATE_LIMIT_HEADERS,
          "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } },
        }
      : undefined;
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
};

function parameters(route: ApiRoute): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: "path" | "query", obj: z.ZodObject | undefined) => {
    if (!obj) return;
    const converted = jsonSchema(obj, "input") as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(converted.properties ?? {})) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: where,
        required: where === "path" || (converted.required ?? []).includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  };
  add("path", route.params);
  add("query", route.query);
  return out;
}

function operation(route: ApiRoute): JsonSchema {
  const errors: ApiErrorCode[] = ["BAD_REQUEST", "UNAUTHORIZED", ...(route.scope === "write" ? (["FORBIDDEN"] as const) : []), "NOT_FOUND"];
  if (route.body) errors.push("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  errors.push("RATE_LIMITED");
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: `${route.description ? `${route.description}\n\n` : ""}Scope: ${route.scope === "write" ? "read-write" : "read or read-write"}.`,
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(route.body, "input") } },
          },
        }
      : {}),
    responses: {
      "200": {
        description: "OK",
        headers: RATE_LIMIT_HEADERS,
        content: { "application/json": { schema: jsonSchema(route.response, "output") } },
      },
      ...Object.fromEntries(errors.map((code) => [ERROR_DESCRIPTIONS[code]![0], errorResponse(code)])),
    },
  };
}

/** The document for `origin` (the server URL it names). */
export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "iSession API",
      version: "1.0.0",
      description:
        "Read your organization's sessions, queue, launchers, visitors, usage and statements, and keep visitor notes, from your own systems. " +
        `Create a key in the dashboard (API keys) and send it as \`Authorization: Bearer ${API_KEY_PREFIX}...\`. Errors are \`{ "error": { "code", "message" } }\`.`,
    },
    servers: [{ url: `${origin}${API_BASE_PATH}` }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(API_ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: `An API key from the dashboard, starting with \`${API_KEY_PREFIX}\`.`,
        },
      },
      schemas: { Error: jsonSchema(apiErrorSchema, "output") },
    },
  };
}
