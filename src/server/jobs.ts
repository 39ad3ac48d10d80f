// Long searches as jobs, for clients that want progress and a way out: POST /jobs/{op} checks
// the input (400 at once, as POST /{op} does) and answers 202 with the job's id; GET /jobs/{id}
// gives its status and progress, then its result; DELETE /jobs/{id} cancels it, and a search
// then answers its best so far (stopped: true). Finished jobs are kept for a while, then dropped.
import { randomUUID } from "node:crypto";
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ApiIssue, apiIssue, tooDeepIssue } from "./api-issue.ts";
import { nestingTooDeep } from "./nesting-depth.ts";
import type { OpName } from "./operations.ts";
import { type Answer, toAnswer, type WorkerPool } from "./pool.ts";
import type { SearchProgress } from "./search-run.ts";

export const JOB_OPS = ["plan", "compare", "validate"] as const satisfies readonly OpName[];
type JobOp = (typeof JOB_OPS)[number];
export type JobStatus = "queued" | "running" | "cancelling" | "done" | "cancelled" | "failed";

interface JobRecord {
  id: string;
  op: JobOp;
  status: JobStatus;
  createdAt: string;
  finishedMs?: number;
  poolId?: number;
  progress?: SearchProgress;
  answer?: Answer;
}

export interface JobOptions {
  quick: WorkerPool;
  search: WorkerPool;
  /** read the request body, refusing too much (the API's own reader) */
  readBody: (
    req: Request,
  ) => Promise<{ ok: true; text: string } | { ok: false; status: number; issue: ApiIssue }>;
  /** limit on one job's computation, ms; default 10 minutes */
  timeoutMs?: number;
  /** how long a finished job stays readable, ms; default 10 minutes */
  keepMs?: number;
  /** jobs held at once; default 100 */
  maxJobs?: number;
}

const LABEL: Record<JobOp, string> = {
  plan: "plan search",
  compare: "device comparison",
  validate: "validation",
};
const FINISHED = new Set<JobStatus>(["done", "cancelled", "failed"]);

export function mountJobs(app: Hono, o: JobOptions): void {
  const jobs = new Map<string, JobRecord>();
  const keepMs = o.keepMs ?? 600_000;
  const maxJobs = o.maxJobs ?? 100;
  const refuse = (c: Context, status: number, issue: ApiIssue) =>
    c.json({ issues: [issue] }, status as ContentfulStatusCode);

  const prune = () => {
    const now = Date.now();
    for (const [id, j] of jobs)
      if (j.finishedMs !== undefined && now - j.finishedMs > keepMs) jobs.delete(id);
    for (const [id, j] of jobs) {
      if (jobs.size < maxJobs) break;
      if (FINISHED.has(j.status)) jobs.delete(id);
    }
  };

  const view = (j: JobRecord): string => {
    if (!FINISHED.has(j.status) && j.poolId !== undefined && j.status !== "cancelling")
      j.status = o.search.state(j.poolId) === "queued" ? "queued" : "running";
    const head = {
      id: j.id,
      op: j.op,
      status: j.status,
      createdAt: j.createdAt,
      progress: j.progress ?? null,
    };
    const text = JSON.stringify(head);
    // the result as the worker serialised it, spliced in rather than parsed and written again
    return j.answer
      ? `${text.slice(0, -1)},"resultStatus":${j.answer.status},"result":${j.answer.text}}`
      : text;
  };

  app.post("/jobs/:op", async (c) => {
    const op = c.req.param("op") as JobOp;
    if (!(JOB_OPS as readonly string[]).includes(op))
      return refuse(
        c,
        404,
        apiIssue("not_found", `no job kind "${op}"; jobs: ${JOB_OPS.join(", ")}`, ["op"]),
      );
    const body = await o.readBody(c.req.raw);
    if (!body.ok) return refuse(c, body.status, body.issue);
    const deep = nestingTooDeep(body.text);
    if (deep) return refuse(c, 400, tooDeepIssue(deep));
    prune();
    if (jobs.size >= maxJobs)
      return refuse(c, 503, apiIssue("busy", `${jobs.size} jobs are running; retry later`));
    const p = await o.quick.submit(
      { kind: "prepare", op, text: body.text, options: {} },
      `${LABEL[op]} input check`,
    );
    if ("answer" in p)
      return c.body(p.answer.text, p.answer.status as ContentfulStatusCode, {
        "content-type": p.answer.contentType,
      });
    const j: JobRecord = { id: randomUUID(), op, status: "queued", createdAt: new Date().toISOString() };
    jobs.set(j.id, j);
    o.search
      .submit({ kind: "execute", job: p.job, progress: true }, LABEL[op], o.timeoutMs ?? 600_000, {
        onId: (id) => {
          j.poolId = id;
        },
        onProgress: (progress) => {
          j.progress = progress;
        },
      })
      .then((r) => {
        j.answer =
          "answer" in r
            ? r.answer
            : toAnswer({
                status: 500,
                body: { issues: [apiIssue("internal", "the worker sent no answer")] },
              });
        j.status = j.status === "cancelling" ? "cancelled" : j.answer.status === 200 ? "done" : "failed";
        j.finishedMs = Date.now();
      });
    c.header("location", `/jobs/${j.id}`);
    return c.body(view(j), 202, { "content-type": "application/json; charset=utf-8" });
  });

  const find = (c: Context): JobRecord | Response => {
    const id = c.req.param("id") ?? "";
    return (
      jobs.get(id) ??
      refuse(
        c,
        404,
        apiIssue("not_found", `no job "${id}" (finished jobs are kept ${keepMs / 60_000} minutes)`, ["id"]),
      )
    );
  };

  app.get("/jobs/:id", (c) => {
    const j = find(c);
    if (j instanceof Response) return j;
    return c.body(view(j), 200, { "content-type": "application/json; charset=utf-8" });
  });

  app.delete("/jobs/:id", (c) => {
    const j = find(c);
    if (j instanceof Response) return j;
    if (!FINISHED.has(j.status) && j.poolId !== undefined) {
      j.status = "cancelling";
      o.search.cancel(j.poolId);
    }
    return c.body(view(j), 200, { "content-type": "application/json; charset=utf-8" });
  });
}

/** The job routes in the OpenAPI document (spread into its paths). */
export function jobPaths(issues: (description: string) => object): Record<string, unknown> {
  const view = {
    description:
      "{id, op, status: queued | running | cancelling | done | cancelled | failed, createdAt, progress: {unit, done, total, evaluated?, fits?, best?} | null}; when finished also resultStatus and result (the body POST /{op} answers)",
    content: { "application/json": { schema: { type: "object" } } },
  };
  return {
    "/jobs/{op}": {
      post: {
        summary: "Start a plan search, comparison or validation as a job (op: plan, compare, validate)",
        parameters: [
          { name: "op", in: "path", required: true, schema: { type: "string", enum: [...JOB_OPS] } },
        ],
        requestBody: {
          required: true,
          description: "The body POST /{op} takes. Checked at once: bad input is a 400 here.",
          content: { "application/json": { schema: { type: "object" } } },
        },
        responses: {
          "202": { ...view, description: `Started; Location: /jobs/{id}. ${view.description}` },
          "400": issues("Invalid input, as POST /{op} words it."),
          "404": issues("No such job kind."),
          "503": issues("Too many jobs held (code busy)."),
        },
      },
    },
    "/jobs/{id}": {
      get: {
        summary: "A job's status and progress, then its result",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": view, "404": issues("No such job (finished jobs are kept 10 minutes).") },
      },
      delete: {
        summary: "Cancel a job: a search answers its best so far (stopped: true)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": view, "404": issues("No such job.") },
      },
    },
  };
}
