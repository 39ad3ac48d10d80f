// One set of manners for every command: what an exit status means, and how a refusal is written.
// 0: an answer. 2: bad input (the scenario, a flag, a file). 3: an answer that says no (does not
// fit, SLO unmet, rate unservable, no device has a plan). 1: a bug. Under --json a refusal is one
// JSON document on standard output, {"error": {"exitCode", "code", "issues": [...]}}, each issue
// {code, path, message[, file, line, column]} with the same codes as the HTTP API's issues and the
// message worded as the plain-text line; the plain lines still go to standard error.
import { closest } from "../catalog/closest.ts";
import { formatInputError, type InputError } from "../scenario/input-error.ts";

export const EXIT = { answer: 0, internal: 1, badInput: 2, unmet: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What the whole refusal is, by exit status. */
const KIND: Record<number, string> = { 1: "internal", 2: "bad_input", 3: "unmet" };

export interface CliIssue {
  code: string;
  path: (string | number)[];
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The issue code a one-line message stands for (the API's INPUT_CODES and the engine's ISSUE_CODES). */
export function codeOfMessage(message: string): string {
  if (/(^|: )unknown key\b/.test(message)) return "unknown_key";
  if (/unknown (hardware|model|device) id|unknown (command|option)/.test(message)) return "unknown_id";
  if (/missing key|missing required|nothing to (evaluate|predict)/.test(message)) return "missing_key";
  if (/malformed/.test(message)) return "malformed";
  if (/no such file/.test(message)) return "not_found";
  if (/the file is empty/.test(message)) return "empty";
  if (/ bytes; the limit is /.test(message)) return "too_large";
  if (/differs? from devices|not a multiple of tp/.test(message)) return "layout_mismatch";
  return "invalid_value";
}

export function issueOf(x: string | CliIssue | InputError): CliIssue {
  if (typeof x === "string") return { code: codeOfMessage(x), path: [], message: x };
  if ("code" in x) return x;
  const out: CliIssue = { code: codeOfMessage(x.message), path: x.path, message: formatInputError(x) };
  out.file = x.file;
  if (x.line !== undefined) out.line = x.line;
  if (x.column !== undefined) out.column = x.column;
  return out;
}

/** A refusal: every problem at once, then the exit status (2 unless the answer is "no": 3). */
export class CliError extends Error {
  readonly issues: CliIssue[];
  constructor(
    problems: (string | CliIssue | InputError)[],
    readonly exitCode: ExitCode = EXIT.badInput,
  ) {
    const issues = problems.map(issueOf);
    super(issues.map((i) => i.message).join("\n"));
    this.issues = issues;
  }
  /** the plain-text lines, one per issue */
  get lines(): string[] {
    return this.issues.map((i) => i.message);
  }
}

/** The --json form of a refusal. */
export function errorJson(issues: CliIssue[], exitCode: number) {
  return { error: { exitCode, code: KIND[exitCode] ?? "internal", issues } };
}

/** Print a refusal: plain lines on stderr, and under --json the document on stdout. */
export function reportError(issues: CliIssue[], exitCode: number, asJson: boolean): number {
  for (const i of issues) process.stderr.write(`xpuplan: ${i.message.split("\n").join("\nxpuplan: ")}\n`);
  if (asJson) process.stdout.write(`${JSON.stringify(errorJson(issues, exitCode), null, 2)}\n`);
  return exitCode;
}

/** One line per id the catalog lacks, with the closest ids. */
export function unknownIds(ids: string[], known: string[], flag: string): string[] {
  return ids
    .filter((id) => !known.includes(id))
    .map((id) => `${flag}: unknown hardware id "${id}"; closest: ${closest(id, known).join(", ")}`);
}
