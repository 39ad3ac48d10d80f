// The engine in the browser: a module Web Worker that answers the page's requests with the
// very functions the HTTP API runs (src/server/operations.ts), on the catalogs bundled at
// build time. The page's thread only draws.
import { bundledCatalogs } from "../catalog/bundle.ts";
import { modelListJson } from "../cli/format-models.ts";
import { deviceFigures } from "../report/device-figures.ts";
import { type Engine, type EvalOptions, type OpName, type OpResult, runText } from "../server/operations.ts";

export type WorkerCall =
  | { id: number; op: OpName; text: string; options?: EvalOptions; file?: string }
  | { id: number; op: "catalog" };

export interface WorkerAnswer {
  id: number;
  result: OpResult;
}

let engine: Engine | undefined;
function getEngine(): Engine {
  engine ??= { catalogs: bundledCatalogs() };
  return engine;
}

async function answer(call: WorkerCall): Promise<OpResult> {
  const e = getEngine();
  if (call.op === "catalog") {
    const devices = e.catalogs.devices.map((d) => ({ ...d, figures: deviceFigures(d) }));
    return { status: 200, body: { devices, models: modelListJson(e.catalogs.models) } };
  }
  return runText(call.op, call.text, e, call.options ?? {}, call.file ?? "scenario.yaml");
}

self.onmessage = async (ev: MessageEvent<WorkerCall>) => {
  let result: OpResult;
  try {
    result = await answer(ev.data);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = {
      status: 500,
      body: { issues: [{ code: "internal", path: [], message: `internal error: ${message}` }] },
    };
  }
  (self as unknown as Worker).postMessage({ id: ev.data.id, result } satisfies WorkerAnswer);
};
