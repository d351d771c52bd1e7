// The public API's reference, rendered on the server from the same OpenAPI document that
// /api/v1/openapi.json serves (server/api-v1/openapi.ts): no script, so it lives under our page CSP
// as it is (docs/api.md says why not a third-party viewer).
import type { Metadata } from "next";
import Link from "next/link";
import { Table, Td } from "@/components/ui/table";
import { API_KEY_PREFIX } from "@/server/api-keys/manage";
import { openApiDocument } from "@/server/api-v1/openapi";
import { MAX_BODY_BYTES } from "@/server/api-v1/request";
import { env } from "@/server/env";

export const metadata: Metadata = {
  title: "API reference",
  description: "The iSession REST API: sessions and transcripts, the queue, launchers, visitors, usage and statements.",
};

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  anyOf?: Schema[];
};
type Param = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Op = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: Param[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  const extras = [
    s.format,
    s.pattern ? `pattern ${s.pattern}` : null,
    s.minimum !== undefined ? `≥ ${s.minimum}` : null,
    s.maximum !== undefined ? `≤ ${s.maximum}` : null,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ].filter(Boolean);
  return extras.length ? `${base} (${extras.join(", ")})` : base;
}

/** The document's text with its `code` spans as <code> (the only markup it uses). */
function Text({ children }: { children: string }) {
  return (
    <>
      {children.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 text-[0.85em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

const METHOD_STYLE: Record<string, string> = {
  get: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  patch: "bg-amber-50 text-amber-800 ring-amber-200",
};

function Operation({ method, path, op }: { method: string; path: string; op: Op }) {
  const ok = op.responses["200"]?.content?.["application/json"]?.schema;
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <section
      id={op.operationId}
      aria-labelledby={`${op.operationId}-title`}
      className="scroll-mt-20 rounded-2xl border border-slate-200 bg-white p-4 sm:p-6"
    >
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
        <span
          className={`rounded-md px-2 py-0.5 font-mono text-xs uppercase ring-1 ${METHOD_STYLE[method] ?? "bg-slate-50 ring-slate-200"}`}
        >
          {method}
        </span>
        <code className="text-sm break-all">/api/v1{path}</code>
      </h3>
      <p className="mt-2 font-medium">{op.summary}</p>
      {op.description.split("\n\n").map((para) => (
        <p key={para} className="mt-1 text-sm text-slate-600">
          <Text>{para}</Text>
        </p>
      ))}
      {op.parameters.length ? (
        <div className="mt-4">
          <Table width="narrow" caption={`Parameters of ${op.summary}`} head={["Parameter", "In", "Type", "Description"]}>
            {op.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <Td className="font-mono text-xs">
                  {p.name}
                  {p.required ? <span className="text-red-700"> *</span> : null}
                </Td>
                <Td className="text-xs text-slate-500">{p.in}</Td>
                <Td className="font-mono text-xs break-all">{typeOf(p.schema)}</Td>
                <Td className="text-slate-600">
                  <Text>{p.description ?? ""}</Text>
                </Td>
              </tr>
            ))}
          </Table>
        </div>
      ) : null}
      {body ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium">Request body (application/json)</summary>
          <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">{JSON.stringify(body, null, 2)}</pre>
        </details>
      ) : null}
      {ok ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium">200 answer (application/json)</summary>
          <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">{JSON.stringify(ok, null, 2)}</pre>
        </details>
      ) : null}
      <p className="mt-3 text-xs text-slate-500">
        Errors:{" "}
        {Object.entries(op.responses)
          .filter(([status]) => status !== "200")
          .map(([status]) => status)
          .join(", ")}
      </p>
    </section>
  );
}

export default function ApiReferencePage() {
  const origin = new URL(env.NEXTAUTH_URL).origin;
  const doc = openApiDocument(origin);
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as unknown as Op })),
  );
  const tags = doc.tags.map((t) => t.name);
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:py-14">
      <h1 className="text-3xl font-semibold tracking-tight">API reference</h1>
      <p className="mt-3 text-slate-600">
        <Text>{doc.info.description}</Text>
      </p>
      <p className="mt-2 text-sm text-slate-600">
        The machine-readable document:{" "}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI {doc.openapi}).
      </p>

      <section aria-labelledby="basics" className="mt-8 space-y-3 text-sm text-slate-700">
        <h2 id="basics" className="text-xl font-semibold">
          Basics
        </h2>
        <p>
          <strong>Keys.</strong> Owners and admins create keys in the dashboard (
          <Link className="text-brand-700 underline" href="/dashboard/api-keys">
            API keys
          </Link>
          ), each with a name and read or read-write access. The key is shown once. Send it on every call, and only there:
        </p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{`curl ${origin}/api/v1/sessions \\\n  -H "Authorization: Bearer ${API_KEY_PREFIX}..."`}</pre>
        <p>
          A key in another header or in the query string, an unknown key and a revoked key get <code>401</code>; a read key on a call that
          changes something gets <code>403</code>. The API is for your servers: it reads no cookies and allows no cross-origin browser
          calls.
        </p>
        <p>
          <strong>Rate limit.</strong> Each key may make {env.API_RATE_LIMIT_PER_MINUTE} requests a minute. Every answer says where it
          stands in <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code>, <code>RateLimit-Reset</code> (seconds) and{" "}
          <code>RateLimit-Policy</code>; past the limit the answer is <code>429</code> with <code>Retry-After</code>.
        </p>
        <p>
          <strong>Errors</strong> always look like <code>{`{ "error": { "code": "NOT_FOUND", "message": "..." } }`}</code> with the matching
          status. An id of another organization is <code>404</code>, like one that does not exist. Bodies are JSON (<code>415</code>{" "}
          otherwise), at most {MAX_BODY_BYTES / 1024} KB (<code>413</code>); malformed JSON, unknown fields and unknown query parameters are{" "}
          <code>400</code>, and change nothing.
        </p>
      </section>

      <nav aria-label="Endpoints" className="mt-8 rounded-2xl border border-slate-200 bg-white p-4 text-sm">
        <ul className="grid gap-1 sm:grid-cols-2">
          {ops.map(({ path, method, op }) => (
            <li key={op.operationId}>
              <a href={`#${op.operationId}`} className="text-brand-700 hover:underline">
                <span className="font-mono text-xs uppercase">{method}</span> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="mt-10 space-y-4">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold">
            {tag}
          </h2>
          {ops
            .filter((o) => o.op.tags.includes(tag))
            .map((o) => (
              <Operation key={o.op.operationId} {...o} />
            ))}
        </section>
      ))}
    </div>
  );
}
