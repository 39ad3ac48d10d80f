// A worker thread of the API server: loads the engine once, then prepares and runs jobs sent by
// the pool, so a long search never blocks the thread that answers /health.
import { parentPort, workerData } from "node:worker_threads";
import { loadEngine } from "./engine-node.ts";
import { type Engine, prepare, runText, safeExecute } from "./operations.ts";
import { toAnswer, type WorkerReply, type WorkerRequest } from "./pool.ts";

const port = parentPort;
if (!port) throw new Error("src/server/worker.ts runs as a worker thread only");
const engine: Promise<Engine> = loadEngine(
  (workerData as { catalogs?: Engine["catalogs"] } | null)?.catalogs,
);

async function answer(req: WorkerRequest, e: Engine): Promise<WorkerReply> {
  switch (req.kind) {
    case "run":
      return {
        id: req.id,
        answer: toAnswer(await runText(req.op, req.text, e, req.options, "request", req.budgetMs)),
      };
    case "prepare": {
      const p = prepare(req.op, req.text, e.catalogs, req.options);
      return p.ok
        ? { id: req.id, job: p.job }
        : { id: req.id, answer: toAnswer({ status: p.status, body: p.body }) };
    }
    case "execute":
      return { id: req.id, answer: toAnswer(await safeExecute(req.job, e, req.budgetMs)) };
  }
}

port.on("message", async (req: WorkerRequest) => {
  port.postMessage(await answer(req, await engine));
});
engine.then(
  () => port.postMessage({ ready: true }),
  (err: unknown) => {
    // A catalog that does not load is fatal for the worker; the pool reports it per request.
    port.postMessage({ fatal: err instanceof Error ? err.message : String(err) });
  },
);
