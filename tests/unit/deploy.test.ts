// deploy/ checked statically (no Docker engine or cluster here): the manifests and the Dockerfile
// against server/env.ts, package.json's scripts and the health contract (deploy/README.md). Each
// check is a rule in `problems` (or `devOnlyRuntimeImports`); the mutation cases prove each can fail.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { EnvError, parseEnv } from "../../server/env";

const ROOT = path.resolve(import.meta.dirname, "../..");
const K8S = path.join(ROOT, "deploy/k8s");

/** A manifest, loosely typed: the checks read paths and report what is missing. */
type Obj = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Model = { docs: { file: string; doc: Obj }[]; dockerfile: string; dockerignore: string; scripts: Record<string, string> };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : e.name.endsWith(".yaml") ? [path.join(dir, e.name)] : [],
  );
}

function loadModel(): Model {
  const docs = yamlFiles(K8S).flatMap((f) =>
    parseAllDocuments(readFileSync(f, "utf8")).flatMap((d) => {
      if (d.errors.length > 0) throw new Error(`${path.relative(ROOT, f)}: ${d.errors[0]!.message}`);
      const doc = d.toJS() as Obj | null;
      return doc ? [{ file: path.relative(ROOT, f), doc }] : [];
    }),
  );
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return {
    docs,
    dockerfile: readFileSync(path.join(ROOT, "deploy/Dockerfile"), "utf8"),
    dockerignore: readFileSync(path.join(ROOT, "deploy/Dockerfile.dockerignore"), "utf8"),
    scripts: pkg.scripts,
  };
}

/** The process each component runs (the contract's commands) and its health port's variable. */
const COMPONENTS: Record<string, { script: string; healthPort?: "PORT" | "RELAY_PORT" | "WORKER_HEALTH_PORT" }> = {
  web: { script: "web", healthPort: "PORT" },
  relay: { script: "relay", healthPort: "RELAY_PORT" },
  worker: { script: "worker", healthPort: "WORKER_HEALTH_PORT" },
  migrate: { script: "db:deploy" },
};

/** Valid stand-ins for the Secret's keys; the template's own values are placeholders. */
const SECRET_STAND_INS: Record<string, string> = {
  DATABASE_URL: "postgresql://app:pw@db.internal:5432/isession",
  REDIS_URL: "rediss://:pw@redis.internal:6379",
  NEXTAUTH_SECRET: "n".repeat(40),
  PUSHER_SECRET: "p".repeat(24),
};
/** Without these a process falls back to something that only works on one machine. */
const NEEDED_EVERYWHERE = ["NEXTAUTH_URL", "NEXTAUTH_SECRET", "PUSHER_SECRET"];
const NEEDED_BY: Record<string, string[]> = {
  // REDIS_URL: the auditorium join limit is one count across web processes only through Redis.
  web: ["DATABASE_URL", "REDIS_URL"],
  worker: ["DATABASE_URL", "WORKER_HEALTH_PORT"],
  migrate: ["DATABASE_URL"],
  relay: ["REDIS_URL"],
};
/** One process per pod: the autoscalers add pods. */
const PINNED: Record<string, Record<string, string>> = { web: { WEB_WORKERS: "1" }, relay: { RELAY_WORKERS: "1", RELAY_HOST: "0.0.0.0" } };

const dataDir = mkdtempSync(path.join(os.tmpdir(), "isession-deploy-"));

function problems(m: Model): string[] {
  const out: string[] = [];
  const byKind = (kind: string) => m.docs.filter((d) => d.doc.kind === kind);
  const configMaps = new Map(byKind("ConfigMap").map((d) => [d.doc.metadata.name as string, d.doc.data as Record<string, string>]));
  const secrets = new Map(byKind("Secret").map((d) => [d.doc.metadata.name as string, d.doc.stringData as Record<string, string>]));
  const secretValue = (name: string, key: string, where: string): string | undefined => {
    const s = secrets.get(name);
    if (!s || !(key in s)) return void out.push(`${where}: secret ${name} has no key ${key} in the template`);
    return SECRET_STAND_INS[key] ?? s[key];
  };

  const workloads = [...byKind("Deployment"), ...byKind("Job")];
  for (const { doc } of workloads) {
    const component = doc.metadata.labels?.["app.kubernetes.io/component"] as string;
    const spec = COMPONENTS[component];
    const pod = doc.spec.template.spec as Obj;
    const where = `${doc.kind}/${doc.metadata.name}`;
    if (!spec) {
      out.push(`${where}: unknown component ${component}`);
      continue;
    }
    for (const c of pod.containers as Obj[]) {
      // The environment the process sees: envFrom in order, then env.
      const env: Record<string, string> = {};
      for (const from of (c.envFrom ?? []) as Obj[]) {
        if (from.configMapRef)
          Object.assign(env, configMaps.get(from.configMapRef.name) ?? void out.push(`${where}: no ConfigMap ${from.configMapRef.name}`));
        if (from.secretRef)
          for (const key of Object.keys(secrets.get(from.secretRef.name) ?? {}))
            env[key] = secretValue(from.secretRef.name, key, where) ?? "";
        if (from.secretRef && !secrets.has(from.secretRef.name)) out.push(`${where}: no Secret template ${from.secretRef.name}`);
      }
      for (const e of (c.env ?? []) as Obj[]) {
        const ref = e.valueFrom?.secretKeyRef;
        env[e.name] = ref ? (secretValue(ref.name, ref.key, where) ?? "") : String(e.value ?? "");
      }

      let parsed: Record<string, unknown> = {};
      try {
        parsed = parseEnv({ ...env, DATA_DIR: dataDir });
      } catch (err) {
        out.push(`${where}: server/env.ts rejects the environment: ${(err as EnvError).message}`);
      }
      // parseEnv keeps only the schema's keys: a name it dropped is one server/env.ts does not know.
      for (const key of Object.keys(env))
        if (Object.keys(parsed).length && !(key in parsed)) out.push(`${where}: ${key} is not a variable of server/env.ts`);
      for (const key of [...NEEDED_EVERYWHERE, ...(NEEDED_BY[component] ?? [])]) if (!env[key]) out.push(`${where}: ${key} is not set`);
      for (const [key, value] of Object.entries(PINNED[component] ?? {}))
        if (env[key] !== value) out.push(`${where}: ${key} must be ${value}, is ${env[key]}`);

      // The command is the component's npm script, verbatim (or `npm run` it).
      const command = [...((c.command ?? []) as string[]), ...((c.args ?? []) as string[])];
      const viaNpm = command[0] === "npm" && command[1] === "run" ? command[2] : undefined;
      const script = m.scripts[spec.script];
      if (!script) out.push(`${where}: package.json has no script ${spec.script}`);
      else if (viaNpm !== spec.script && command.join(" ") !== script)
        out.push(`${where}: command "${command.join(" ")}" is not npm script ${spec.script} ("${script}")`);

      // Probes at the contract's paths, on the port the process listens on.
      if (spec.healthPort) {
        const portOf = (p: unknown) => (typeof p === "number" ? p : ((c.ports ?? []) as Obj[]).find((x) => x.name === p)?.containerPort);
        const listens = Number(parsed[spec.healthPort]);
        for (const [probe, wantPath] of [
          ["readinessProbe", "/readyz"],
          ["livenessProbe", "/healthz"],
        ] as const) {
          const get = c[probe]?.httpGet as Obj | undefined;
          if (!get) out.push(`${where}: no ${probe}`);
          else if (get.path !== wantPath || portOf(get.port) !== listens)
            out.push(
              `${where}: ${probe} is ${get.path} on ${portOf(get.port)}, the process serves ${wantPath} on ${spec.healthPort}=${listens}`,
            );
        }
      }

      // Long enough for the preStop pause plus the drain (Kubernetes' default is 30 s).
      const graceMs = Number(parsed.SHUTDOWN_GRACE_MS);
      const sleep = c.lifecycle?.preStop?.exec?.command as string[] | undefined;
      const pauseMs = sleep?.[0] === "sleep" ? Number(sleep[1]) * 1000 : 0;
      const terminationMs = Number(pod.terminationGracePeriodSeconds ?? 30) * 1000;
      if (doc.kind === "Deployment" && !(terminationMs > pauseMs + graceMs))
        out.push(
          `${where}: terminationGracePeriodSeconds ${terminationMs / 1000} s does not exceed preStop ${pauseMs} ms + SHUTDOWN_GRACE_MS ${graceMs}`,
        );
      if (!c.resources?.requests?.cpu || !c.resources?.limits?.memory) out.push(`${where}: no cpu request or memory limit`);
    }
  }

  // References between objects.
  const deployments = byKind("Deployment");
  const podLabels = (d: Obj) => d.spec.template.metadata.labels as Record<string, string>;
  const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
    Object.entries(selector).every(([k, v]) => labels[k] === v);
  const services = new Map(byKind("Service").map((d) => [d.doc.metadata.name as string, d.doc]));
  for (const [name, svc] of services) {
    const target = deployments.find((d) => matches(svc.spec.selector, podLabels(d.doc)));
    if (!target) out.push(`Service/${name}: selects no Deployment`);
    const portNames = new Set(
      ((target?.doc.spec.template.spec.containers ?? []) as Obj[]).flatMap((c) => ((c.ports ?? []) as Obj[]).map((p) => p.name)),
    );
    for (const p of svc.spec.ports as Obj[])
      if (target && !portNames.has(p.targetPort)) out.push(`Service/${name}: targetPort ${p.targetPort} is not a container port`);
  }
  for (const { doc } of byKind("HorizontalPodAutoscaler")) {
    if (!deployments.some((d) => d.doc.metadata.name === doc.spec.scaleTargetRef.name))
      out.push(`HorizontalPodAutoscaler/${doc.metadata.name}: no Deployment ${doc.spec.scaleTargetRef.name}`);
  }
  for (const { doc } of byKind("PodDisruptionBudget")) {
    if (!deployments.some((d) => matches(doc.spec.selector.matchLabels, podLabels(d.doc))))
      out.push(`PodDisruptionBudget/${doc.metadata.name}: selects no Deployment`);
  }
  for (const { doc } of byKind("Ingress")) {
    for (const rule of doc.spec.rules as Obj[]) {
      for (const p of rule.http.paths as Obj[]) {
        const svc = services.get(p.backend.service.name);
        if (!svc || !(svc.spec.ports as Obj[]).some((sp) => sp.name === p.backend.service.port.name))
          out.push(`Ingress/${doc.metadata.name}: no Service port ${p.backend.service.name}:${p.backend.service.port.name}`);
      }
    }
  }
  // In-cluster addresses name a Service and one of its ports; public hosts match the Ingresses.
  const settings = configMaps.get("isession-config") ?? {};
  for (const key of ["RELAY_API_URL", "RELAY_WEBHOOK_URL"]) {
    if (!settings[key]) continue;
    const url = new URL(settings[key]);
    const svc = services.get(url.hostname);
    if (!svc || !(svc.spec.ports as Obj[]).some((p) => String(p.port) === url.port))
      out.push(`ConfigMap: ${key} ${settings[key]} is no Service port`);
  }
  const ingressHosts = byKind("Ingress").flatMap(({ doc }) =>
    (doc.spec.rules as Obj[]).map((r) => [r.host as string, r.http.paths[0].backend.service.name as string]),
  );
  const hostServes = (host: string | undefined, service: string) => ingressHosts.some(([h, s]) => h === host && s === service);
  if (!hostServes(settings.NEXTAUTH_URL && new URL(settings.NEXTAUTH_URL).hostname, "isession-web"))
    out.push(`Ingress: no rule sends NEXTAUTH_URL's host to isession-web`);
  if (!hostServes(settings.PUSHER_HOST, "isession-relay")) out.push(`Ingress: no rule sends PUSHER_HOST to isession-relay`);
  for (const { doc, file } of m.docs.filter((d) => d.doc.kind === "Kustomization")) {
    for (const r of doc.resources as string[])
      if (!existsSync(path.join(ROOT, path.dirname(file), r))) out.push(`${file}: resource ${r} does not exist`);
  }

  out.push(
    ...dockerfileProblems(
      m,
      [...secrets.values()].flatMap((s) => Object.keys(s)),
    ),
  );
  return out;
}

function dockerfileProblems(m: Model, secretKeys: string[]): string[] {
  const out: string[] = [];
  // Instructions, with continuation lines joined and comments dropped.
  const lines = m.dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: string[] = [];
  let finalUser = "root";
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op === "FROM") {
      const as = /\bAS\s+(\S+)/i.exec(args);
      const base = rest[0]!;
      if (!base.startsWith("$") && !stages.includes(base) && !/^[\w./-]+:[\w.-]+$/.test(base))
        out.push(`Dockerfile: FROM ${base} is neither a stage nor a tagged image`);
      stages.push(as?.[1] ?? "");
      finalUser = "root";
    }
    if (op === "COPY") {
      const from = /--from=(\S+)/.exec(args)?.[1];
      const parts = rest.filter((p) => !p.startsWith("--"));
      if (from) {
        if (!stages.includes(from)) out.push(`Dockerfile: COPY --from=${from} names no earlier stage`);
      } else {
        for (const src of parts.slice(0, -1)) {
          if (src === ".") continue;
          if (!existsSync(path.join(ROOT, src))) out.push(`Dockerfile: COPY ${src}: no such file in the repository`);
          if (ignored(m.dockerignore, src)) out.push(`Dockerfile: COPY ${src}: excluded by Dockerfile.dockerignore`);
        }
      }
    }
    if (op === "USER") finalUser = rest[0]!;
    if (op === "HEALTHCHECK") out.push("Dockerfile: HEALTHCHECK (the orchestrator probes /healthz and /readyz)");
    if (op === "ENV" || op === "ARG")
      for (const key of secretKeys) if (new RegExp(`\\b${key}\\s*=`).test(args)) out.push(`Dockerfile: ${op} bakes ${key} into the image`);
    if (op === "CMD" || op === "ENTRYPOINT") {
      const cmd = JSON.parse(args) as string[];
      const script = Object.entries(m.scripts).find(([, s]) => s === cmd.join(" "));
      if (!script) out.push(`Dockerfile: ${op} ${cmd.join(" ")} is no npm script's command`);
      for (const arg of cmd.filter((a) => /\.(ts|js|mjs)$/.test(a)))
        if (!existsSync(path.join(ROOT, arg))) out.push(`Dockerfile: ${op} runs ${arg}, which does not exist`);
    }
  }
  if (!lines.some((l) => l === "STOPSIGNAL SIGTERM")) out.push("Dockerfile: no STOPSIGNAL SIGTERM");
  if (finalUser === "root" || finalUser === "0") out.push("Dockerfile: the final stage runs as root");
  if (!lines.some((l) => l.startsWith("CMD ") || l.startsWith("ENTRYPOINT "))) out.push("Dockerfile: no CMD");
  // What the processes read at run time must reach the image through the build context.
  const entryFiles = Object.values(COMPONENTS).flatMap(({ script }) =>
    (m.scripts[script] ?? "").split(" ").filter((a) => a.endsWith(".ts")),
  );
  for (const needed of [
    ...entryFiles,
    "embed/embed.ts",
    "prisma/migrations",
    "prisma/seed.ts",
    "public",
    "next.config.ts",
    "package-lock.json",
  ]) {
    if (ignored(m.dockerignore, needed)) out.push(`Dockerfile.dockerignore: excludes ${needed}, which the image needs`);
  }
  for (const must of ["node_modules", ".data", ".git", "**/.env"])
    if (!m.dockerignore.split("\n").some((l) => l.trim() === must || l.trim() === `**/${must}`))
      out.push(`Dockerfile.dockerignore: does not exclude ${must}`);
  return out;
}

/** Whether a .dockerignore line excludes `file` (plain paths and `**` prefixes: what ours uses). */
function ignored(dockerignore: string, file: string): boolean {
  const rules = dockerignore
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  let out = false;
  for (const rule of rules) {
    const negate = rule.startsWith("!");
    const pattern = (negate ? rule.slice(1) : rule).replace(/^\*\*\//, "");
    if (file === pattern || file.startsWith(`${pattern}/`) || file.split("/").includes(pattern)) out = !negate;
  }
  return out;
}

/**
 * Packages the processes load at run time that the image's `npm prune --omit=dev` would remove: the
 * value imports (static and dynamic; type-only ones vanish in tsx) reachable from `entries`,
 * following relative and `@/` paths, whose package is not in `kept`.
 */
function devOnlyRuntimeImports(entries: string[], kept: Set<string>, root = ROOT): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  const resolveLocal = (from: string, spec: string): string | undefined => {
    const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(from), spec);
    return [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((f) => existsSync(f) && statSync(f).isFile());
  };
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(
      file,
      readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      false,
      file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const specs: string[] = [];
    const walk = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.importClause;
        const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
        const typeOnly = clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly));
        if (!typeOnly) specs.push(node.moduleSpecifier.text);
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
        specs.push(node.moduleSpecifier.text);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        specs.push(node.arguments[0].text);
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
    for (const spec of specs) {
      if (spec.startsWith(".") || spec.startsWith("@/")) {
        const local = resolveLocal(file, spec);
        if (local) visit(local);
        continue;
      }
      if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
      if (!kept.has(pkg)) out.add(`${pkg} (imported by ${path.relative(root, file)})`);
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return [...out];
}

const real = loadModel();
const clone = (): Model => structuredClone(real);
const find = (m: Model, kind: string, name: string) => m.docs.find((d) => d.doc.kind === kind && d.doc.metadata.name === name)!.doc;
const container = (m: Model, kind: string, name: string) => find(m, kind, name).spec.template.spec.containers[0] as Obj;

describe("deploy/", () => {
  it("manifests and Dockerfile pass every check", () => {
    expect(real.docs.length).toBeGreaterThan(10);
    expect(problems(real)).toEqual([]);
  });

  it("covers every process of the contract: web, relay, worker and the migration Job", () => {
    const components = real.docs
      .filter((d) => ["Deployment", "Job"].includes(d.doc.kind))
      .map((d) => d.doc.metadata.labels["app.kubernetes.io/component"]);
    expect(components.sort()).toEqual(["migrate", "relay", "web", "worker"]);
    const kinds = real.docs.map((d) => `${d.doc.kind}/${d.doc.metadata?.name ?? ""}`);
    for (const k of [
      "HorizontalPodAutoscaler/isession-web",
      "HorizontalPodAutoscaler/isession-relay",
      "Ingress/isession-relay",
      "Service/isession-relay",
    ])
      expect(kinds).toContain(k);
  });

  it("keeps the Secret template out of what is applied, with placeholders server/env.ts refuses", () => {
    const resources = real.docs.filter((d) => d.doc.kind === "Kustomization").flatMap((d) => d.doc.resources as string[]);
    expect(resources).not.toContain("secret.example.yaml");
    const template = find(real, "Secret", "isession-secrets").stringData as Record<string, string>;
    for (const key of ["DATABASE_URL", "NEXTAUTH_SECRET", "PUSHER_SECRET"]) {
      expect(() => parseEnv({ ...SECRET_STAND_INS, [key]: template[key], DATA_DIR: dataDir }), key).toThrow(EnvError);
    }
  });

  it("loads no dev dependency at run time: the image keeps production dependencies only", () => {
    // What `npm prune --omit=dev` keeps: every package the lock file does not mark dev-only.
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
    };
    const kept = new Set(
      Object.entries(lock.packages)
        .filter(([key, p]) => key.startsWith("node_modules/") && !p.dev && !p.devOptional)
        .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length)),
    );
    // Reached only through a dynamic import inside the schema diff of `db:migrate`, never by `db:deploy`.
    kept.add("@prisma/schema-engine-wasm");
    const entries = Object.values(COMPONENTS).flatMap(({ script }) => real.scripts[script]!.split(" ").filter((a) => a.endsWith(".ts")));
    expect(entries).toEqual(expect.arrayContaining(["scripts/web.ts", "relay/main.ts", "worker/main.ts", "scripts/db.ts"]));
    expect(devOnlyRuntimeImports(entries, kept)).toEqual([]);
    // And the walk does see one: a file that imports a dev dependency, directly and through a relative import.
    const dir = mkdtempSync(path.join(os.tmpdir(), "isession-deploy-imports-"));
    writeFileSync(path.join(dir, "entry.ts"), 'import type { Page } from "playwright-core";\nimport "./lib";\nexport const x = 1;\n');
    writeFileSync(
      path.join(dir, "lib.ts"),
      'import { describe } from "vitest";\nexport const later = () => import("prettier");\nexport { describe };\n',
    );
    expect(devOnlyRuntimeImports(["entry.ts"], new Set(), dir).sort()).toEqual([
      "prettier (imported by lib.ts)",
      "vitest (imported by lib.ts)",
    ]);
  });

  const mutations: [string, (m: Model) => void, string][] = [
    [
      "an unknown variable",
      (m) => container(m, "Deployment", "isession-web").env.push({ name: "WEB_THREADS", value: "4" }),
      "WEB_THREADS is not a variable of server/env.ts",
    ],
    [
      "a variable in the ConfigMap that server/env.ts refuses",
      (m) => (find(m, "ConfigMap", "isession-config").data.TRUSTED_PROXIES = "10.0.0.0/99"),
      "rejects the environment",
    ],
    ["a required variable missing", (m) => delete find(m, "ConfigMap", "isession-config").data.NEXTAUTH_URL, "NEXTAUTH_URL is not set"],
    [
      "the relay without Redis",
      (m) => (container(m, "Deployment", "isession-relay").env.find((e: Obj) => e.name === "REDIS_URL")!.valueFrom = undefined),
      "REDIS_URL is not set",
    ],
    [
      "two web processes per pod",
      (m) => (container(m, "Deployment", "isession-web").env.find((e: Obj) => e.name === "WEB_WORKERS").value = "2"),
      "WEB_WORKERS must be 1",
    ],
    ["a secret key the template lacks", (m) => delete find(m, "Secret", "isession-secrets").stringData.REDIS_URL, "has no key REDIS_URL"],
    [
      "a readiness probe on the wrong path",
      (m) => (container(m, "Deployment", "isession-relay").readinessProbe.httpGet.path = "/healthz"),
      "readinessProbe is /healthz",
    ],
    [
      "a probe on a port the process does not serve",
      (m) => (container(m, "Deployment", "isession-worker").env.find((e: Obj) => e.name === "WORKER_HEALTH_PORT").value = "9090"),
      "WORKER_HEALTH_PORT=9090",
    ],
    ["a liveness probe missing", (m) => delete container(m, "Deployment", "isession-web").livenessProbe, "no livenessProbe"],
    [
      "a command that is not the npm script",
      (m) => (container(m, "Deployment", "isession-worker").command = ["node", "worker/main.ts"]),
      "is not npm script worker",
    ],
    [
      "npm run of another script",
      (m) => (find(m, "Job", "isession-migrate").spec.template.spec.containers[0].command = ["npm", "run", "db:reset"]),
      "is not npm script db:deploy",
    ],
    ["a script removed from package.json", (m) => delete m.scripts.relay, "package.json has no script relay"],
    [
      "a grace period shorter than the drain",
      (m) => (find(m, "Deployment", "isession-web").spec.template.spec.terminationGracePeriodSeconds = 12),
      "does not exceed preStop 5000 ms + SHUTDOWN_GRACE_MS 10000",
    ],
    [
      "a longer SHUTDOWN_GRACE_MS",
      (m) => (find(m, "ConfigMap", "isession-config").data.SHUTDOWN_GRACE_MS = "40000"),
      "SHUTDOWN_GRACE_MS 40000",
    ],
    ["no resources", (m) => delete container(m, "Deployment", "isession-relay").resources, "no cpu request or memory limit"],
    [
      "a Service port that is no container port",
      (m) => (find(m, "Service", "isession-web").spec.ports[0].targetPort = "web"),
      "targetPort web is not a container port",
    ],
    [
      "an HPA for a missing Deployment",
      (m) => (find(m, "HorizontalPodAutoscaler", "isession-relay").spec.scaleTargetRef.name = "relay"),
      "no Deployment relay",
    ],
    [
      "an Ingress to a missing Service port",
      (m) => (find(m, "Ingress", "isession-relay").spec.rules[0].http.paths[0].backend.service.port.name = "http"),
      "no Service port isession-relay:http",
    ],
    [
      "a relay API address that is no Service",
      (m) => (find(m, "ConfigMap", "isession-config").data.RELAY_API_URL = "http://relay:6001"),
      "RELAY_API_URL http://relay:6001 is no Service port",
    ],
    [
      "a webhook address on the wrong port",
      (m) => (find(m, "ConfigMap", "isession-config").data.RELAY_WEBHOOK_URL = "http://isession-web:80/api/realtime/webhook"),
      "RELAY_WEBHOOK_URL",
    ],
    [
      "a ws host the Ingress does not serve",
      (m) => (find(m, "ConfigMap", "isession-config").data.PUSHER_HOST = "realtime.example.com"),
      "no rule sends PUSHER_HOST",
    ],
    [
      "an app host the Ingress does not serve",
      (m) => (find(m, "ConfigMap", "isession-config").data.NEXTAUTH_URL = "https://www.example.com"),
      "no rule sends NEXTAUTH_URL's host",
    ],
    [
      "a PDB that selects nothing",
      (m) => (find(m, "PodDisruptionBudget", "isession-worker").spec.selector.matchLabels["app.kubernetes.io/component"] = "jobs"),
      "PodDisruptionBudget/isession-worker: selects no Deployment",
    ],
    [
      "a Dockerfile COPY of a missing file",
      (m) => (m.dockerfile = m.dockerfile.replace("COPY scripts/generate.ts", "COPY scripts/gen.ts")),
      "COPY scripts/gen.ts: no such file",
    ],
    ["a Dockerfile COPY the dockerignore excludes", (m) => (m.dockerignore += "\nscripts\n"), "COPY scripts/generate.ts: excluded"],
    [
      "a COPY --from of an unknown stage",
      (m) => (m.dockerfile = m.dockerfile.replace("--from=build", "--from=builder")),
      "COPY --from=builder names no earlier stage",
    ],
    [
      "a CMD that is no npm script",
      (m) => (m.dockerfile = m.dockerfile.replace('"scripts/web.ts"]', '"scripts/server.ts"]')),
      "is no npm script's command",
    ],
    [
      "a secret baked in with ENV",
      (m) => (m.dockerfile = m.dockerfile.replace("ENV NODE_ENV=production", "ENV NEXTAUTH_SECRET=abc NODE_ENV=production")),
      "ENV bakes NEXTAUTH_SECRET",
    ],
    ["a HEALTHCHECK", (m) => (m.dockerfile += "\nHEALTHCHECK CMD curl -f http://localhost:3000/healthz\n"), "HEALTHCHECK"],
    ["running as root", (m) => (m.dockerfile = m.dockerfile.replace("USER node", "USER root")), "runs as root"],
    ["no STOPSIGNAL", (m) => (m.dockerfile = m.dockerfile.replace("STOPSIGNAL SIGTERM", "")), "no STOPSIGNAL SIGTERM"],
    ["a run-time file left out of the context", (m) => (m.dockerignore += "\nembed\n"), "excludes embed/embed.ts"],
    ["an entry point left out of the context", (m) => (m.dockerignore += "\nworker\n"), "excludes worker/main.ts"],
    [
      "node_modules in the build context",
      (m) => (m.dockerignore = m.dockerignore.replace("**/node_modules", "")),
      "does not exclude node_modules",
    ],
  ];
  it.each(mutations)("catches %s", (_what, mutate, expected) => {
    const m = clone();
    mutate(m);
    expect(problems(m).join("\n")).toContain(expected);
  });
});
