// Run an engine operation whenever its input changes (debounced), keeping the last answer on
// screen while the next is computed and dropping answers that arrive out of date. The state
// says which input each answer is for, so a page can grey an answer for another scenario.
import { useEffect, useRef, useState } from "preact/hooks";
import type { EvalOptions, OpName, OpResult } from "../server/operations.ts";
import type { SearchProgress } from "../server/search-run.ts";
import type { EngineClient } from "./engine-client.ts";

export interface OpState {
  result?: OpResult;
  /** the input `result` answers (compare with `key`) */
  resultKey?: string;
  /** the last answer with status 200, and its input: what a page greys when the input is broken */
  lastOk?: OpResult;
  lastOkKey?: string;
  /** the current input */
  key: string;
  pending: boolean;
  /** a search's progress while it runs (watch: true) */
  progress?: SearchProgress;
  /** stop the running search: it answers its best so far */
  cancel: () => void;
}

export function useOp(
  client: EngineClient,
  op: OpName,
  text: string,
  options: EvalOptions = {},
  enabled = true,
  delayMs = 120,
  watch = false,
): OpState {
  const key = JSON.stringify([op, text, options, enabled]);
  const [state, setState] = useState<Omit<OpState, "key" | "cancel">>({ pending: enabled });
  const abort = useRef<AbortController | undefined>(undefined);
  // `key` stands for op, text, options and enabled (the effect reruns exactly when they change)
  useEffect(() => {
    if (!enabled) {
      setState({ pending: false });
      return;
    }
    let live = true;
    const controller = new AbortController();
    abort.current = controller;
    setState((s) => ({ ...s, pending: true, progress: undefined }));
    const onProgress = watch
      ? (progress: SearchProgress) => {
          if (live) setState((s) => ({ ...s, progress }));
        }
      : undefined;
    const t = setTimeout(() => {
      client.run(op, text, options, { signal: controller.signal, onProgress }).then((result) => {
        if (!live) return;
        setState((s) =>
          result.status === 200
            ? { result, resultKey: key, lastOk: result, lastOkKey: key, pending: false }
            : { ...s, result, resultKey: key, pending: false },
        );
      });
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
      // the input changed: the old search's answer would be dropped, so stop computing it
      controller.abort();
    };
  }, [key]);
  return { ...state, key, cancel: () => abort.current?.abort() };
}
