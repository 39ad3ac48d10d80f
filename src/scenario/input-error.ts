// One problem with a user's file, and its one-line form `file:line:column: key.path: message`.
// A module of its own (no YAML, no zod) so that the command line's error path loads nothing heavy.
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  path: (string | number)[];
  message: string;
}

export function formatInputError(e: InputError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}:${e.column ?? 1}` : e.file;
  const key = e.path.length > 0 ? `${e.path.join(".")}: ` : "";
  return `${where}: ${key}${e.message}`;
}
