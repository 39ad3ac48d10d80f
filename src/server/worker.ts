// A worker thread of the API server: loads the engine once, then prepares and runs jobs sent by
// the pool, so a long search never blocks the thread that answers /health. A running search
// reports progress when asked and stops (answering its best so far) on a cancel message.
import { parentPort, workerData } from "node:worker_threads";
import { loadEngine } from "./engine-node.ts";
import { type Engine, prepare, runText, safeExecute } from "./operations.ts";
import {
  type CancelMessage,
  type ProgressMessage,
  toAnswer,
  type WorkerReply,
  type WorkerRequest,
} from "./pool.ts";
import type { SearchControl } from "./search-run.ts";

const port = parentPort;
if (!port) throw new Error("src/server/worker.ts runs as a worker thread only");
const engine: Promise<Engine> = loadEngine(
  (workerData as { catalogs?: Engine["catalogs"] } | null)?.catalogs,
);
const running = new Map<number, AbortController>();
/** progress messages at most this often: the main thread only needs the latest */
const PROGRESS_EVERY_MS = 100;

function control(req: WorkerRequest): SearchControl {
  const abort = new AbortController();
  running.set(req.id, abort);
  const c: SearchControl = { budgetMs: req.budgetMs, signal: abort.signal };
  if (req.kind === "execute" && req.progress) {
    let last = 0;
    c.onProgress = (progress) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && progress.done < progress.total) return;
      last = now;
      port?.postMessage({ id: req.id, progress } satisfies ProgressMessage);
    };
  }
  return c;
}

async function answer(req: WorkerRequest, e: Engine): Promise<WorkerReply> {
  switch (req.kind) {
    case "run":
      return {
        id: req.id,
        answer: toAnswer(await runText(req.op, req.text, e, req.options, "request", control(req))),
      };
    case "prepare": {
      const p = prepare(req.op, req.text, e.catalogs, req.options);
      return p.ok
        ? { id: req.id, job: p.job }
        : { id: req.id, answer: toAnswer({ status: p.status, body: p.body }) };
    }
    case "execute":
      return { id: req.id, answer: toAnswer(await safeExecute(req.job, e, control(req))) };
  }
}

port.on("message", async (req: WorkerRequest | CancelMessage) => {
  if (req.kind === "cancel") {
    running.get(req.id)?.abort();
    return;
  }
  const reply = await answer(req, await engine);
  running.delete(req.id);
  port.postMessage(reply);
});
engine.then(
  () => port.postMessage({ ready: true }),
  (err: unknown) => {
    // A catalog that does not load is fatal for the worker; the pool reports it per request.
    port.postMessage({ fatal: err instanceof Error ? err.message : String(err) });
  },
);
