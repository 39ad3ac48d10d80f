// The engine in the browser: a module Web Worker that answers the page's requests with the
// very functions the HTTP API runs (src/server/operations.ts), on the catalogs bundled at
// build time. The page's thread only draws. A search reports progress and stops on "cancel".
import "./zod-jitless.ts";
import { bundledCatalogs } from "../catalog/bundle.ts";
import { modelListJson } from "../cli/format-models.ts";
import { deviceFigures } from "../report/device-figures.ts";
import { type Engine, type EvalOptions, type OpName, type OpResult, runText } from "../server/operations.ts";
import type { SearchProgress } from "../server/search-run.ts";

/** package.json's version, written in by the build (vite.config.ts define) */
declare const __XPUPLAN_VERSION__: string;

export type WorkerCall =
  | { id: number; op: OpName; text: string; options?: EvalOptions; file?: string; progress?: boolean }
  | { id: number; op: "catalog" }
  | { id: number; op: "cancel" };

export type WorkerAnswer = { id: number; result: OpResult } | { id: number; progress: SearchProgress };

let engine: Engine | undefined;
function getEngine(): Engine {
  engine ??= { catalogs: bundledCatalogs(), version: __XPUPLAN_VERSION__ };
  return engine;
}
const running = new Map<number, AbortController>();
const post = (a: WorkerAnswer) => (self as unknown as Worker).postMessage(a);

async function answer(call: Exclude<WorkerCall, { op: "cancel" }>): Promise<OpResult> {
  const e = getEngine();
  if (call.op === "catalog") {
    const devices = e.catalogs.devices.map((d) => ({ ...d, figures: deviceFigures(d) }));
    return { status: 200, body: { devices, models: modelListJson(e.catalogs.models) } };
  }
  const abort = new AbortController();
  running.set(call.id, abort);
  let last = 0;
  const onProgress = call.progress
    ? (progress: SearchProgress) => {
        // at most ten a second: the page shows only the latest
        const now = Date.now();
        if (now - last < 100 && progress.done < progress.total) return;
        last = now;
        post({ id: call.id, progress });
      }
    : undefined;
  try {
    return await runText(call.op, call.text, e, call.options ?? {}, call.file ?? "scenario.yaml", {
      signal: abort.signal,
      onProgress,
    });
  } finally {
    running.delete(call.id);
  }
}

self.onmessage = async (ev: MessageEvent<WorkerCall>) => {
  const call = ev.data;
  if (call.op === "cancel") {
    running.get(call.id)?.abort();
    return;
  }
  let result: OpResult;
  try {
    result = await answer(call);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = {
      status: 500,
      body: { issues: [{ code: "internal", path: [], message: `internal error: ${message}` }] },
    };
  }
  post({ id: call.id, result });
};
