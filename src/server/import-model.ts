// POST /models/import: a Hugging Face config.json in, its catalog entry out (the shape of
// catalog/models/<id>.yaml, as JSON and as the YAML `xpuplan models import` prints), with the
// parameter counts. No I/O: the web app can call the same functions on a dropped file.
import { z } from "zod";
import { HfConfigError } from "../model/hf-config.ts";
import { type EntryOptions, modelEntryFromHfConfig, modelEntryYaml } from "../model/hf-model-entry.ts";
import { paramCounts } from "../model/param-counts.ts";
import { parseWith } from "../scenario/parse.ts";
import { type ApiIssue, apiIssue, inputIssue } from "./api-issue.ts";

export type Imported =
  | { status: 200; body: { entry: ReturnType<typeof modelEntryFromHfConfig>; yaml: string; params: object } }
  | { status: 400; body: { issues: ApiIssue[] } };

export function importModel(text: string, o: EntryOptions = {}, file = "config.json"): Imported {
  const p = parseWith(text, file, z.record(z.string(), z.unknown()));
  if (!p.ok) return { status: 400, body: { issues: p.errors.map(inputIssue) } };
  try {
    const entry = modelEntryFromHfConfig(p.value, { ...o, file });
    const pc = paramCounts(entry.arch);
    return {
      status: 200,
      body: {
        entry,
        yaml: modelEntryYaml(entry),
        params: { total: pc.total, active: pc.active, mtp: pc.mtp },
      },
    };
  } catch (e) {
    if (!(e instanceof HfConfigError)) throw e;
    const code = /missing key/.test(e.reason) ? "missing_key" : "invalid_value";
    return {
      status: 400,
      body: { issues: [{ ...apiIssue(code, e.message, [e.key]), ...p.locate([e.key]) }] },
    };
  }
}
