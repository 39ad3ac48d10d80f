// The page's side of the engine worker: one promise per request, answered in any order; a long
// search reports progress and can be cancelled (it then answers its best so far).
import type { EvalOptions, OpName, OpResult } from "../server/operations.ts";
import type { SearchProgress } from "../server/search-run.ts";
import type { WorkerAnswer, WorkerCall } from "./worker.ts";

export interface RunControl {
  onProgress?: (p: SearchProgress) => void;
  /** aborting asks the worker to stop the search and answer its best so far */
  signal?: AbortSignal;
}

export class EngineClient {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { done: (r: OpResult) => void; onProgress?: RunControl["onProgress"] }
  >();

  constructor() {
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => {
      const w = this.waiting.get(ev.data.id);
      if ("progress" in ev.data) {
        w?.onProgress?.(ev.data.progress);
        return;
      }
      this.waiting.delete(ev.data.id);
      w?.done(ev.data.result);
    };
    this.worker.onerror = (ev) => {
      const message = `the engine worker failed: ${ev.message || "unknown error"}`;
      for (const w of this.waiting.values())
        w.done({ status: 500, body: { issues: [{ code: "internal", path: [], message }] } });
      this.waiting.clear();
    };
  }

  private call(
    c: WorkerCall extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never,
    control: RunControl = {},
  ): Promise<OpResult> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, { done: resolve, onProgress: control.onProgress });
      control.signal?.addEventListener("abort", () => this.worker.postMessage({ id, op: "cancel" }), {
        once: true,
      });
      this.worker.postMessage({ ...c, id });
    });
  }

  run(op: OpName, text: string, options: EvalOptions = {}, control: RunControl = {}): Promise<OpResult> {
    return this.call({ op, text, options, progress: control.onProgress !== undefined }, control);
  }

  catalog(): Promise<OpResult> {
    return this.call({ op: "catalog" });
  }
}
