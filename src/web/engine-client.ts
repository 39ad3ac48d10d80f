// The page's side of the engine worker: one promise per request, answered in any order.
import type { EvalOptions, OpName, OpResult } from "../server/operations.ts";
import type { WorkerAnswer, WorkerCall } from "./worker.ts";

export class EngineClient {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, (r: OpResult) => void>();

  constructor() {
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => {
      const done = this.waiting.get(ev.data.id);
      this.waiting.delete(ev.data.id);
      done?.(ev.data.result);
    };
    this.worker.onerror = (ev) => {
      const message = `the engine worker failed: ${ev.message || "unknown error"}`;
      for (const done of this.waiting.values())
        done({ status: 500, body: { issues: [{ code: "internal", path: [], message }] } });
      this.waiting.clear();
    };
  }

  private call(
    c: WorkerCall extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never,
  ): Promise<OpResult> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...c, id });
    });
  }

  run(op: OpName, text: string, options: EvalOptions = {}): Promise<OpResult> {
    return this.call({ op, text, options });
  }

  catalog(): Promise<OpResult> {
    return this.call({ op: "catalog" });
  }
}
