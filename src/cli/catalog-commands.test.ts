// `xpuplan models import`: a Hugging Face config.json or model folder in, the catalog entry out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { modelEntrySchema } from "../model/model-entry.ts";
import { cli, root, safetensorsHeader, scratch } from "./test-cli.ts";

const { write } = scratch("xpuplan-import-");
const fixture = (name: string) => readFileSync(join(root, `src/model/fixtures/${name}.config.json`), "utf8");

describe("xpuplan models import", () => {
  it("prints catalog YAML that the catalog's schema accepts, with the file as the default source", () => {
    const f = write("mistral/config.json", fixture("mistral-7b"));
    const r = cli("models", "import", f, "--id", "mistral-7b");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# mistral: 7,241,732,096 parameters by the architecture/);
    const entry = modelEntrySchema.parse(parse(r.stdout));
    expect(entry).toMatchObject({
      id: "mistral-7b",
      arch: { layers: 32, heads: 32, kvHeads: 8, maxContext: 32768 },
    });
    expect(entry.source.url).toMatch(/^file:\/\/.*mistral\/config\.json$/);
  });

  it("a folder: the id from its _name_or_path, the checkpoint's count from the safetensors header", () => {
    const cfg = { ...JSON.parse(fixture("phi3-mini-4k")), _name_or_path: "microsoft/Phi-3-mini-4k-instruct" };
    write("phi/config.json", JSON.stringify(cfg));
    write("phi/model.safetensors", safetensorsHeader(3_821_079_552));
    const r = cli("models", "import", join(write("phi/x", ""), ".."), "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.entry.id).toBe("phi-3-mini-4k-instruct");
    expect(j.entry.source.url).toBe(
      "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct/blob/main/config.json",
    );
    expect(j.checkpoint).toEqual({ total: 3_821_079_552, from: "safetensors header" });
  });

  it("an unsupported model type: exit 2 naming the file and the field", () => {
    const f = write("neox/config.json", JSON.stringify({ model_type: "gpt_neox" }));
    const r = cli("models", "import", f);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${f}: model_type: "gpt_neox" is not supported; supported: llama, mistral, phi3,`,
    );
    expect(cli("models", "import", join(root, "nowhere")).status).toBe(2);
  });
});
