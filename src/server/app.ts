import { availableParallelism } from "node:os";
import { type Context, Hono } from "hono";
import { compress } from "hono/compress";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { closest } from "../catalog/closest.ts";
import { deviceListJson } from "../cli/format-devices.ts";
import { modelListJson } from "../cli/format-models.ts";
import { isReportFormat, REPORT_FORMATS } from "../report/index.ts";
import { MAX_INPUT_BYTES } from "../scenario/parse.ts";
import { type ApiIssue, type ApiIssueCode, apiIssue, tooDeepIssue } from "./api-issue.ts";
import { nodeCatalogs, packageVersion } from "./engine-node.ts";
import { importModel } from "./import-model.ts";
import { mountJobs } from "./jobs.ts";
import { nestingTooDeep } from "./nesting-depth.ts";
import { openApiDocument } from "./openapi.ts";
import { type Engine, type EvalOptions, OP_NAMES, type OpName } from "./operations.ts";
import { type Answer, defaultPoolSizes, toAnswer, WorkerPool } from "./pool.ts";
import { DEFAULT_WEB_ROOT, NOT_BUILT_PAGE, staticFile, webAppBuilt } from "./static.ts";

export interface ServerOptions {
  /** catalogs to serve instead of the ones on disk */
  catalogs?: Engine["catalogs"];
  /** directory of the built web app (default dist/web); null serves no web app */
  webRoot?: string | null;
  /** limit for searches (plan, compare, reliability, validate), ms; default 60 s */
  timeoutMs?: number;
  /** limit for eval and infer, ms; default 15 s */
  evalTimeoutMs?: number;
  /** request body limit, bytes; default 1 MiB */
  maxBodyBytes?: number;
  /** worker threads per lane; default by CPU count (see defaultPoolSizes) */
  workers?: { eval?: number; search?: number };
  /** limit for a job (POST /jobs/{op}: progress and cancel), ms; default 10 minutes */
  jobTimeoutMs?: number;
}

export interface XpuplanServer {
  app: Hono;
  fetch: (request: Request) => Promise<Response>;
  /** stop the worker threads */
  close(): Promise<void>;
}

const VERSION = packageVersion();

/** Operations answered on the eval lane; the rest are searches. */
const QUICK = new Set<OpName>(["eval", "infer", "emit"]);
const LABEL: Record<OpName, string> = {
  eval: "evaluation",
  infer: "inference evaluation",
  plan: "plan search",
  compare: "device comparison",
  reliability: "reliability simulation",
  validate: "validation",
  lifecycle: "lifecycle evaluation",
  port: "port evaluation",
  emit: "engine settings",
};

const refuse = (
  c: Context,
  status: ContentfulStatusCode,
  code: ApiIssueCode,
  message: string,
  path: (string | number)[] = [],
) => c.json({ issues: [apiIssue(code, message, path)] }, status);

type Body = { ok: true; text: string } | { ok: false; status: ContentfulStatusCode; issue: ApiIssue };

/** Read the body as UTF-8 text, refusing more than `limit` bytes by header and while reading. */
async function readBody(req: Request, limit: number): Promise<Body> {
  const tooLarge = (n: string): Body => ({
    ok: false,
    status: 413,
    issue: apiIssue("too_large", `the body is ${n} bytes; the limit is ${limit}`),
  });
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return tooLarge(declared);
  if (!req.body) return { ok: true, text: "" };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return tooLarge(`more than ${limit}`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const ch of chunks) {
    all.set(ch, at);
    at += ch.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(all) };
  } catch {
    return { ok: false, status: 400, issue: apiIssue("malformed", "the body is not UTF-8 text") };
  }
}

function evalOptions(c: Context): { ok: true; options: EvalOptions } | { ok: false; issue: ApiIssue } {
  const format = c.req.query("format");
  const options: EvalOptions = {};
  if (format !== undefined) {
    if (!isReportFormat(format)) {
      return {
        ok: false,
        issue: apiIssue("invalid_value", `format: "${format}" is not one of ${REPORT_FORMATS.join(", ")}`, [
          "format",
        ]),
      };
    }
    options.format = format;
  }
  for (const flag of ["trace", "timeline"] as const) {
    const v = c.req.query(flag);
    if (v === undefined) continue;
    if (!["1", "true", "0", "false"].includes(v)) {
      return {
        ok: false,
        issue: apiIssue("invalid_value", `${flag}: "${v}" is not one of 1, true, 0, false`, [flag]),
      };
    }
    options[flag] = v === "1" || v === "true";
  }
  return { ok: true, options };
}

export function createServer(o: ServerOptions = {}): XpuplanServer {
  const catalogs = o.catalogs ?? nodeCatalogs();
  const limit = o.maxBodyBytes ?? MAX_INPUT_BYTES;
  const webRoot = o.webRoot === undefined ? DEFAULT_WEB_ROOT : o.webRoot;
  const workerData = o.catalogs ? { catalogs: o.catalogs } : {};
  const sizes = defaultPoolSizes(availableParallelism());
  const quick = new WorkerPool({
    name: "eval",
    size: o.workers?.eval ?? sizes.eval,
    timeoutMs: o.evalTimeoutMs ?? 15_000,
    workerData,
  });
  const search = new WorkerPool({
    name: "search",
    size: o.workers?.search ?? sizes.search,
    timeoutMs: o.timeoutMs ?? 60_000,
    maxQueue: 200,
    workerData,
  });
  const started = Date.now();

  const noAnswer: Answer = toAnswer({
    status: 500,
    body: { issues: [apiIssue("internal", "the worker sent no answer")] },
  });

  /** Eval and infer in one trip to the eval lane; searches are checked there, then run on the search lane. */
  async function run(op: OpName, text: string, options: EvalOptions): Promise<Answer> {
    if (QUICK.has(op)) {
      const r = await quick.submit({ kind: "run", op, text, options }, LABEL[op]);
      return "answer" in r ? r.answer : noAnswer;
    }
    const p = await quick.submit({ kind: "prepare", op, text, options }, `${LABEL[op]} input check`);
    if ("answer" in p) return p.answer;
    const r = await search.submit({ kind: "execute", job: p.job }, LABEL[op]);
    return "answer" in r ? r.answer : noAnswer;
  }

  const app = new Hono();
  // gzip for what is not stored compressed (the API's JSON, reports); the web app's own files are
  // served brotli or gzip as built (static.ts), which this leaves alone
  app.use(compress({ threshold: 1024 }));

  app.get("/health", (c) =>
    c.json({
      status: "ok",
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      webApp: webRoot !== null && webAppBuilt(webRoot),
      workers: { eval: quick.stats(), search: search.stats() },
    }),
  );

  app.get("/devices", (c) => c.json(deviceListJson(catalogs.devices)));
  app.get("/devices/:id", (c) => {
    const id = c.req.param("id");
    const d = catalogs.devices.find((x) => x.id === id);
    if (d) return c.json(d);
    const near = closest(
      id,
      catalogs.devices.map((x) => x.id),
    );
    return refuse(c, 404, "unknown_id", `unknown hardware id "${id}"; closest: ${near.join(", ")}`, ["id"]);
  });
  app.get("/models", (c) => c.json(modelListJson(catalogs.models)));
  app.get("/models/:id", (c) => {
    const id = c.req.param("id");
    const m = catalogs.models.find((x) => x.id === id);
    if (m) return c.json({ ...modelListJson([m])[0], arch: m.arch });
    const near = closest(
      id,
      catalogs.models.map((x) => x.id),
    );
    return refuse(c, 404, "unknown_id", `unknown model id "${id}"; closest: ${near.join(", ")}`, ["id"]);
  });

  app.post("/models/import", async (c) => {
    const body = await readBody(c.req.raw, limit);
    if (!body.ok) return c.json({ issues: [body.issue] }, body.status);
    const q = (k: string) => c.req.query(k) || undefined;
    const r = importModel(body.text, { id: q("id"), name: q("name"), url: q("url") });
    return c.json(r.body, r.status);
  });

  const openapi = openApiDocument(VERSION);
  app.get("/openapi.json", (c) => c.json(openapi));

  for (const op of OP_NAMES) {
    app.post(`/${op}`, async (c) => {
      let options: EvalOptions = {};
      if (op === "eval") {
        const q = evalOptions(c);
        if (!q.ok) return c.json({ issues: [q.issue] }, 400);
        options = q.options;
      }
      const body = await readBody(c.req.raw, limit);
      if (!body.ok) return c.json({ issues: [body.issue] }, body.status);
      // refused here, before a worker or a parser sees it, so evaluations keep being answered
      const deep = nestingTooDeep(body.text);
      if (deep) return c.json({ issues: [tooDeepIssue(deep)] }, 400);
      const a = await run(op, body.text, options);
      return c.body(a.text, a.status as ContentfulStatusCode, { "content-type": a.contentType });
    });
    app.on(["GET", "PUT", "PATCH", "DELETE"], `/${op}`, (c) => {
      c.header("allow", "POST");
      return refuse(c, 405, "not_found", `${c.req.method} /${op}: use POST with the request in the body`);
    });
  }

  mountJobs(app, {
    quick,
    search,
    readBody: (req) => readBody(req, limit),
    timeoutMs: o.jobTimeoutMs,
  });

  app.get("*", (c) => {
    if (webRoot !== null) {
      const f = staticFile(webRoot, c.req.path, c.req.header("accept-encoding"));
      if (f) return f;
      if (c.req.path === "/" || c.req.path === "/index.html") return c.html(NOT_BUILT_PAGE, 200);
    } else if (c.req.path === "/") {
      return c.html(NOT_BUILT_PAGE, 200);
    }
    return refuse(c, 404, "not_found", `no route GET ${c.req.path}; see /openapi.json`);
  });
  app.notFound((c) =>
    refuse(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}; see /openapi.json`),
  );
  app.onError((err, c) => {
    if (process.env.XPUPLAN_DEBUG) console.error(err);
    return refuse(c, 500, "internal", `internal error: ${err.message.split("\n")[0]}`);
  });

  return {
    app,
    fetch: (req) => Promise.resolve(app.fetch(req)),
    close: async () => {
      await Promise.all([quick.close(), search.close()]);
    },
  };
}
