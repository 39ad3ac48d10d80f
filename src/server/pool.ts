// A small pool of worker threads with a time limit per computation. A computation past its
// limit is answered with a clear 503 and its worker is terminated and replaced: a runaway search
// cannot hold a thread. Waiting for a free worker has its own, longer bound. A computation can
// report progress and be cancelled (a search then answers its best so far). Workers run
// src/server/worker.ts (through tsx's loader when the entry is TypeScript, as it is without a build step).
import { Worker } from "node:worker_threads";
import { REPORT_CONTENT_TYPES } from "../report/index.ts";
import { apiIssue } from "./api-issue.ts";
import type { EvalOptions, Job, OpName, OpResult } from "./operations.ts";
import type { SearchProgress } from "./search-run.ts";

/** budgetMs: the computation's time limit, set by the pool when a worker takes the request;
 * progress: the worker sends progress messages while it computes. */
export type WorkerRequest =
  | { id: number; kind: "run" | "prepare"; op: OpName; text: string; options: EvalOptions; budgetMs?: number }
  | { id: number; kind: "execute"; job: Job; budgetMs?: number; progress?: boolean };

/** Sent to a worker while it computes request `id`: stop and answer the best so far. */
export interface CancelMessage {
  kind: "cancel";
  id: number;
}

/** Sent by a worker while it computes request `id`. */
export interface ProgressMessage {
  id: number;
  progress: SearchProgress;
}

/** A finished answer, serialised on the worker so the main thread only copies a string. */
export interface Answer {
  status: number;
  /** the response body: JSON, or a rendered report */
  text: string;
  contentType: string;
}

export type WorkerReply = { id: number; answer: Answer } | { id: number; job: Job };

const JSON_TYPE = "application/json; charset=utf-8";

export function toAnswer(r: OpResult): Answer {
  if (r.format && typeof r.body === "string")
    return { status: r.status, text: r.body, contentType: REPORT_CONTENT_TYPES[r.format] };
  return { status: r.status, text: JSON.stringify(r.body), contentType: JSON_TYPE };
}

type Submission = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

export interface PoolOptions {
  /** shown in messages: "search", "eval" */
  name: string;
  size: number;
  /** default limit on one computation, from the moment a worker takes it */
  timeoutMs: number;
  /** limit on waiting for a free worker (a busy lane, a worker starting); default 4 × timeoutMs + 10 s */
  queueTimeoutMs?: number;
  /** requests waiting beyond this many are refused at once (503 busy) */
  maxQueue?: number;
  workerData?: unknown;
}

interface Pending {
  id: number;
  request: WorkerRequest;
  label: string;
  timeoutMs: number;
  timer: NodeJS.Timeout;
  resolve: (r: WorkerReply) => void;
  onProgress?: (p: SearchProgress) => void;
  /** set once cancelled while running: the worker has this long to answer before it is stopped */
  cancelTimer?: NodeJS.Timeout;
}

export interface SubmitHooks {
  /** the request's id, at once (for cancel) */
  onId?: (id: number) => void;
  onProgress?: (p: SearchProgress) => void;
}

/** A running search's grace to answer its best so far after a cancel, before its worker is stopped. */
const CANCEL_GRACE_MS = 5_000;

/** Worker threads per lane for a machine with `cpus` logical CPUs: evaluations take half the CPUs
 * (at least 1, at most 6) so many clients are answered at once; searches take what is left, 1 to 4. */
export function defaultPoolSizes(cpus: number): { eval: number; search: number } {
  const evalSize = Math.max(1, Math.min(6, Math.floor(cpus / 2)));
  return { eval: evalSize, search: Math.max(1, Math.min(4, cpus - evalSize)) };
}

interface Slot {
  worker: Worker;
  current?: Pending;
  /** set when the pool itself ends the worker, so its exit is not taken for a crash */
  retired: boolean;
  ready: boolean;
}

// the compiled build (dist/) runs worker.js directly; the sources boot worker.ts through tsx
const ENTRY = new URL(import.meta.url.endsWith(".js") ? "./worker.js" : "./worker.ts", import.meta.url);
const BOOT = new URL("./worker-boot.mjs", import.meta.url);
/** workers dying before ready this many times in a row: stop respawning and fail requests */
const MAX_EARLY_DEATHS = 3;

/** The parent's Node flags minus those that only mean something for a main script (-e, --input-type). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-e" || a === "--eval" || a === "-p" || a === "--print") {
      i++;
      continue;
    }
    if (a.startsWith("--input-type") || a.startsWith("--eval=") || a.startsWith("--print=")) continue;
    out.push(a);
  }
  return out;
}

function spawn(workerData: unknown): Worker {
  const ts = ENTRY.pathname.endsWith(".ts");
  const execArgv = workerExecArgv();
  return ts
    ? new Worker(BOOT, { workerData: { ...(workerData as object), entry: ENTRY.href }, execArgv })
    : new Worker(ENTRY, { workerData, execArgv });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private earlyDeaths = 0;
  private fatal: string | undefined;

  constructor(private readonly o: PoolOptions) {
    for (let i = 0; i < Math.max(1, o.size); i++) this.slots.push(this.start());
  }

  private start(): Slot {
    const slot: Slot = { worker: spawn(this.o.workerData ?? {}), retired: false, ready: false };
    slot.worker.on("message", (m: WorkerReply | ProgressMessage | { ready: true } | { fatal: string }) => {
      if ("progress" in m) {
        if (slot.current?.id === m.id) slot.current.onProgress?.(m.progress);
        return;
      }
      if ("ready" in m) {
        slot.ready = true;
        this.earlyDeaths = 0;
        this.dispatch();
        return;
      }
      if ("fatal" in m) {
        this.fail(`the engine did not load: ${m.fatal}`);
        return;
      }
      const p = slot.current;
      if (!p || p.id !== m.id) return;
      slot.current = undefined;
      clearTimeout(p.timer);
      clearTimeout(p.cancelTimer);
      p.resolve(m);
      this.dispatch();
    });
    const died = (why: string) => {
      if (slot.retired) return;
      slot.retired = true;
      const p = slot.current;
      slot.current = undefined;
      if (p) {
        clearTimeout(p.timer);
        clearTimeout(p.cancelTimer);
        p.resolve(this.reply(p.id, 500, "internal", `the ${p.label} worker stopped: ${why}`));
      }
      if (!slot.ready && ++this.earlyDeaths >= MAX_EARLY_DEATHS) {
        this.fail(`${this.o.name} workers keep failing at start: ${why}`);
      }
      this.replace(slot);
    };
    slot.worker.on("error", (e) => died(e.message));
    slot.worker.on("exit", (code) => died(`exit code ${code}`));
    return slot;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    if (this.closed || this.fatal) {
      this.slots.splice(i, 1);
      return;
    }
    this.slots[i] = this.start();
    this.dispatch();
  }

  private fail(message: string): void {
    this.fatal = message;
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      clearTimeout(p.cancelTimer);
      p.resolve(this.reply(p.id, 500, "internal", message));
    }
  }

  private reply(
    id: number,
    status: number,
    code: "timeout" | "busy" | "internal" | "cancelled",
    message: string,
  ): WorkerReply {
    return { id, answer: toAnswer({ status, body: { issues: [apiIssue(code, message)] } }) };
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.current || slot.retired || !slot.ready) continue;
      const p = this.queue.shift() as Pending;
      slot.current = p;
      clearTimeout(p.timer);
      clearTimeout(p.cancelTimer);
      p.timer = setTimeout(() => this.expire(p), p.timeoutMs);
      slot.worker.postMessage({ ...p.request, budgetMs: p.timeoutMs });
    }
  }

  /** Send a request; always resolves (a timeout, a full queue, a cancel or a crash is an answer too). */
  submit(
    req: Submission,
    label: string,
    timeoutMs = this.o.timeoutMs,
    hooks: SubmitHooks = {},
  ): Promise<WorkerReply> {
    const id = this.nextId++;
    hooks.onId?.(id);
    if (this.fatal || this.closed) {
      return Promise.resolve(this.reply(id, 500, "internal", this.fatal ?? "the server is shutting down"));
    }
    if (this.queue.length >= (this.o.maxQueue ?? 10_000)) {
      return Promise.resolve(
        this.reply(id, 503, "busy", `${this.queue.length} ${this.o.name} requests are waiting; retry later`),
      );
    }
    return new Promise((resolve) => {
      const waitMs = this.o.queueTimeoutMs ?? 4 * timeoutMs + 10_000;
      const timer = setTimeout(() => this.expire(p), waitMs);
      const p: Pending = {
        id,
        request: { ...req, id } as WorkerRequest,
        label,
        timeoutMs,
        timer,
        resolve,
        onProgress: hooks.onProgress,
      };
      this.queue.push(p);
      this.dispatch();
    });
  }

  private expire(p: Pending): void {
    const q = this.queue.indexOf(p);
    if (q >= 0) {
      this.queue.splice(q, 1);
      p.resolve(
        this.reply(
          p.id,
          503,
          "busy",
          `the ${p.label} waited too long for a free ${this.o.name} worker; retry later`,
        ),
      );
      return;
    }
    const message = `the ${p.label} took longer than ${p.timeoutMs / 1000} s and was stopped; narrow the request or raise the server's time limit`;
    const slot = this.slots.find((s) => s.current === p);
    if (!slot) return;
    slot.current = undefined;
    slot.retired = true;
    clearTimeout(p.cancelTimer);
    p.resolve(this.reply(p.id, 503, "timeout", message));
    void slot.worker.terminate();
    this.replace(slot);
  }

  /** Cancel request `id`: a waiting one is answered at once, a running one is asked to stop
   * (a search answers its best so far) and stopped if it does not answer within a grace period. */
  cancel(id: number): boolean {
    const q = this.queue.findIndex((p) => p.id === id);
    if (q >= 0) {
      const [p] = this.queue.splice(q, 1);
      clearTimeout(p.timer);
      clearTimeout(p.cancelTimer);
      p.resolve(this.reply(id, 409, "cancelled", `the ${p.label} was cancelled before it started`));
      return true;
    }
    const slot = this.slots.find((s) => s.current?.id === id);
    const p = slot?.current;
    if (!slot || !p) return false;
    if (p.cancelTimer) return true;
    slot.worker.postMessage({ kind: "cancel", id } satisfies CancelMessage);
    p.cancelTimer = setTimeout(() => {
      if (slot.current !== p) return;
      slot.current = undefined;
      slot.retired = true;
      clearTimeout(p.timer);
      clearTimeout(p.cancelTimer);
      p.resolve(this.reply(id, 409, "cancelled", `the ${p.label} was cancelled`));
      void slot.worker.terminate();
      this.replace(slot);
    }, CANCEL_GRACE_MS);
    return true;
  }

  /** Whether request `id` waits for a worker or runs; undefined once answered. */
  state(id: number): "queued" | "running" | undefined {
    if (this.queue.some((p) => p.id === id)) return "queued";
    return this.slots.some((s) => s.current?.id === id) ? "running" : undefined;
  }

  stats(): { workers: number; busy: number; queued: number } {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.current).length,
      queued: this.queue.length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail("the server is shutting down");
    await Promise.all(
      this.slots.map((s) => {
        s.retired = true;
        const p = s.current;
        s.current = undefined;
        if (p) {
          clearTimeout(p.timer);
          clearTimeout(p.cancelTimer);
          p.resolve(this.reply(p.id, 503, "busy", "the server is shutting down"));
        }
        return s.worker.terminate();
      }),
    );
  }
}
