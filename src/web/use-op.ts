// Run an engine operation whenever its input changes (debounced), keeping the last answer on
// screen while the next is computed and dropping answers that arrive out of date.
import { useEffect, useState } from "preact/hooks";
import type { EvalOptions, OpName, OpResult } from "../server/operations.ts";
import type { EngineClient } from "./engine-client.ts";

export interface OpState {
  result?: OpResult;
  pending: boolean;
}

export function useOp(
  client: EngineClient,
  op: OpName,
  text: string,
  options: EvalOptions = {},
  enabled = true,
  delayMs = 120,
): OpState {
  const [state, setState] = useState<OpState>({ pending: enabled });
  const key = JSON.stringify([op, text, options, enabled]);
  // `key` stands for op, text, options and enabled (the effect reruns exactly when they change)
  useEffect(() => {
    if (!enabled) {
      setState({ pending: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, pending: true }));
    const t = setTimeout(() => {
      client.run(op, text, options).then((result) => {
        if (live) setState({ result, pending: false });
      });
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key]);
  return state;
}
