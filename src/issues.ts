// One table of issue codes, shared by the CLI, the API and the web page. An infeasible plan
// is data, not an exception: {ok: false, issues: [...]}, so a search can count why candidates died.
export const ISSUE_CODES = {
  hbm_overflow: "the configuration needs more device memory than the device has",
  dtype_unsupported: "the device has no dense peak for this number format",
  layout_mismatch: "the parallel sizes do not multiply to the device count",
  not_divisible: "a size does not divide evenly (heads, experts, layers, batch)",
  device_not_plannable: "the catalog lacks figures planning needs for this device",
  unknown_id: "no catalog entry with this id",
  missing_key: "a key the computation needs is absent",
  fabric_limit: "a parallel group does not fit the fabric (domain size, per-peer link)",
  slo_unmet: "no batch meets the latency objective",
  overloaded: "requests arrive faster than the deployment serves them: the queue grows without bound",
  kv_overflow: "the KV cache for the batch does not fit",
  figure_is_range: "a figure used is a range or rumor; the result is an interval",
  default_used: "a default stood in for a missing figure",
  dominated: "the same layout with less recomputation or sharding fits and is at least as fast",
  fp8_unavailable: "the device has no FP8 matmul; FP8 recipes run in BF16 (more memory and time)",
  tile_misaligned: "a matmul dimension after the parallel split is not a multiple of the matrix-unit tile",
  outranked: "a lower bound on its time and cost is worse than the plans kept, so it was not evaluated",
  overlap_unavailable:
    "colocated devices cannot generate and train at once: off-policy steps overlap nothing",
  sequence_too_long: "a prompt plus its longest response exceeds the training sequence length",
  implausible: "a value far outside anything real (legal, so a warning: check it for a typo)",
  price_unknown:
    "no price is known for the device: money is left out until the scenario's costs: block gives one",
  slower_on_target: "the same work takes longer on the target device (compute, memory bandwidth or fabric)",
  target_unmet: "no device count of this kind meets the deadline or stays within the budget",
  layout_adjusted:
    "an engine default of the layout cannot place the model as given; the message says what stood in",
  engine_unavailable:
    "the engine the plan names does not run on this device; another engine of the same kind does",
} as const;
export type IssueCode = keyof typeof ISSUE_CODES;

export interface Issue {
  code: IssueCode;
  path: (string | number)[];
  message: string;
  need?: number;
  have?: number;
  severity?: "error" | "warning";
}

export type Result<T> = { ok: true; value: T; warnings: Issue[] } | { ok: false; issues: Issue[] };

export function issue(
  code: IssueCode,
  path: (string | number)[],
  message: string,
  extra: Partial<Issue> = {},
): Issue {
  return { code, path, message, severity: "error", ...extra };
}
