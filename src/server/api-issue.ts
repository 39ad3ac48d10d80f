// The shape of every refusal the API and the web page show: {code, path, message}, where the
// message is the CLI's own line (formatInputError), so a user sees the same words everywhere.
import type { ISSUE_CODES } from "../issues.ts";
import { formatInputError, type InputError } from "../scenario/parse.ts";
import type { ResolveError } from "../scenario/resolve.ts";
import { MAX_NESTING_DEPTH, type TooDeep } from "./nesting-depth.ts";

/** Codes of refused input, beside the engine's ISSUE_CODES (which name infeasible plans). */
export const INPUT_CODES = {
  malformed: "the body is not valid YAML or JSON",
  empty: "the body is empty",
  unknown_key: "a key the schema does not know (a typo must not pass silently)",
  missing_key: "a key the schema requires is absent",
  invalid_value: "a value of the wrong type or out of range",
  too_large: "the body exceeds the size limit",
  too_deep: "the body nests deeper than the limit (checked before parsing)",
  cancelled: "the job was cancelled",
  not_found: "no such route or catalog entry",
  timeout: "the computation passed its time limit and was stopped",
  busy: "too many requests are queued; retry later",
  internal: "an unexpected error in the server",
} as const;

export type ApiIssueCode = keyof typeof INPUT_CODES | keyof typeof ISSUE_CODES;

export interface ApiIssue {
  code: ApiIssueCode;
  path: (string | number)[];
  message: string;
  line?: number;
  column?: number;
}

function codeOfInput(e: InputError): ApiIssueCode {
  if (e.message.startsWith("unknown key")) return "unknown_key";
  if (e.message.startsWith("missing key")) return "missing_key";
  if (e.message.startsWith("malformed")) return "malformed";
  if (e.message === "the file is empty") return "empty";
  if (/ bytes; the limit is /.test(e.message)) return "too_large";
  return "invalid_value";
}

export function inputIssue(e: InputError): ApiIssue {
  const out: ApiIssue = { code: codeOfInput(e), path: e.path, message: formatInputError(e) };
  if (e.line !== undefined) out.line = e.line;
  if (e.column !== undefined) out.column = e.column;
  return out;
}

/** A resolve error (unknown id, layout) placed in the text, worded as the CLI words it. */
export function resolveIssue(
  e: ResolveError,
  file: string,
  locate: (p: (string | number)[]) => { line?: number; column?: number },
): ApiIssue {
  const code: ApiIssueCode = /^unknown (model|hardware) id/.test(e.message)
    ? "unknown_id"
    : /differs? from devices|not a multiple of tp/.test(e.message)
      ? "layout_mismatch"
      : "invalid_value";
  return { ...inputIssue({ file, ...locate(e.path), path: e.path, message: e.message }), code };
}

export const apiIssue = (code: ApiIssueCode, message: string, path: (string | number)[] = []): ApiIssue => ({
  code,
  path,
  message,
});

/** A body refused by the nesting scan, placed where it first passed the limit. */
export const tooDeepIssue = (d: TooDeep, file = "request"): ApiIssue => ({
  code: "too_deep",
  path: [],
  message: `${file}:${d.line}:${d.column}: nested more than ${MAX_NESTING_DEPTH} levels deep (a scenario nests about 5); refused before parsing`,
  line: d.line,
  column: d.column,
});
