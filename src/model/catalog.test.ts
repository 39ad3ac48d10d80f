import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadModelCatalog } from "./catalog.ts";
import { findModel } from "./model-entry.ts";

const IDS = [
  "deepseek-r1",
  "deepseek-v2",
  "deepseek-v2-lite",
  "deepseek-v3",
  "gpt3-175b",
  "llama3.1-405b",
  "llama3.1-70b",
  "llama3.1-8b",
  "mixtral-8x22b",
  "mixtral-8x7b",
  "qwen2.5-72b",
  "qwen3-0.6b",
  "qwen3-1.7b",
  "qwen3-14b",
  "qwen3-235b-a22b",
  "qwen3-30b-a3b",
  "qwen3-32b",
  "qwen3-4b",
  "qwen3-8b",
];

const dirs: string[] = [];
function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "xpuplan-models-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const GOOD = `id: tiny
name: Tiny
source: {title: hand-written, url: "https://example.org/tiny"}
arch: {layers: 2, hidden: 8, heads: 2, kvHeads: 1, ffn: 16, mlp: swiglu, vocab: 10}
`;

describe("loadModelCatalog", () => {
  it("loads the repository catalog, sorted by id, each with a source", () => {
    const models = loadModelCatalog();
    expect(models.map((m) => m.id)).toEqual([...IDS].sort());
    for (const m of models) expect(m.source.url).toMatch(/^https:\/\//);
  });

  it("DeepSeek-R1 has DeepSeek-V3's shape", () => {
    const models = loadModelCatalog();
    const { name: _a, ...r1 } = findModel(models, "deepseek-r1").arch;
    const { name: _b, ...v3 } = findModel(models, "deepseek-v3").arch;
    expect(r1).toEqual(v3);
  });

  it("fills defaults from the schema (tiedEmbeddings false)", () => {
    const [m] = loadModelCatalog(catalogDir({ "tiny.yaml": GOOD }));
    expect(m.arch.tiedEmbeddings).toBe(false);
  });

  it("names the file, line and key path of a bad value", () => {
    const bad = GOOD.replace("layers: 2", 'layers: "two"');
    expect(() => loadModelCatalog(catalogDir({ "tiny.yaml": bad }))).toThrow(
      /tiny\.yaml:4:\d+ arch\.layers: /,
    );
  });

  it("names a missing key and an unknown key", () => {
    const missing = GOOD.replace(
      "vocab: 10",
      "vocab: 10, moe: {experts: 4, sharedExperts: 0, topK: 2, denseLayers: 0}",
    );
    expect(() => loadModelCatalog(catalogDir({ "tiny.yaml": missing }))).toThrow(/arch\.moe\.expertFfn/);
    const typo = GOOD.replace("ffn: 16", "ffn: 16, fnn: 16");
    expect(() => loadModelCatalog(catalogDir({ "tiny.yaml": typo }))).toThrow(
      /tiny\.yaml:\d+:\d+ arch: .*"fnn"/,
    );
  });

  it("rejects an id that differs from the file name, malformed YAML, and an empty directory", () => {
    expect(() => loadModelCatalog(catalogDir({ "other.yaml": GOOD }))).toThrow(/other\.yaml id: "tiny"/);
    expect(() => loadModelCatalog(catalogDir({ "tiny.yaml": "id: [" }))).toThrow(
      /tiny\.yaml:\d+:\d+ \(yaml\)/,
    );
    expect(() => loadModelCatalog(catalogDir({}))).toThrow(/no model files/);
  });
});

describe("findModel", () => {
  it("finds by id, and names the closest ids when unknown", () => {
    const models = loadModelCatalog();
    expect(findModel(models, "qwen3-8b").arch.hidden).toBe(4096);
    expect(() => findModel(models, "deepseek-v4")).toThrow(
      /^unknown model id "deepseek-v4"; closest: deepseek-v\d/,
    );
    expect(() => findModel(models, "llama-3.1-70b")).toThrow(/closest: llama3\.1-70b/);
  });
});
