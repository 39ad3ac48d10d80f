// One set of manners, as a user meets them: exit 0 only for an answer, 2 for bad input (closest
// ids, did-you-mean), 3 for an answer that says no, errors as one JSON document under --json.
import { describe, expect, it } from "vitest";
import { catalogs } from "../catalog/test-fixtures.ts";
import { codeOfMessage, errorJson } from "./errors.ts";
import { EXAMPLES } from "./main.ts";
import { cli, scratch } from "./test-cli.ts";

const { write } = scratch("xpuplan-manners-");
const LLAMA = "model: llama3.1-8b\nhardware: nvidia-h100-sxm\ndevices: 8\n";

describe("exit status and errors", () => {
  it("compare with an unknown device id: exit 2 with the closest ids, and the JSON error shape", () => {
    const r = cli("compare", "examples/llama3-70b-compare.yaml", "--devices", "nvidia-h10", "--json");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--devices: unknown hardware id "nvidia-h10"; closest: nvidia-h100-sxm/);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        exitCode: 2,
        code: "bad_input",
        issues: [
          { code: "unknown_id", path: [], message: expect.stringMatching(/closest: nvidia-h100-sxm/) },
        ],
      },
    });
  });

  it("compare where no device has a plan: the answer, then exit 3", () => {
    const r = cli("compare", "examples/llama3-70b-compare.yaml", "--devices", "enflame-cloudblazer-t20");
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/enflame-cloudblazer-t20/);
  });

  it("a request rate no configuration serves: the planner says so, exit 3", () => {
    const f = write(
      "unservable.yaml",
      "model: deepseek-r1\nhardware: nvidia-h200-sxm\ndevices: 16\ninfer:\n  inputTokens: 2000\n  outputTokens: 1000\n" +
        "  requestsPerSecond: 20\n  tpotSloMs: 1\n  weights: fp8\n  kvCache: fp8\n  tp: 8\n  ep: 16\n",
    );
    const r = cli("infer", f);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/planner: \[slo_unmet\].*requestsPerSecond 20 is not served/);
    const j = cli("infer", f, "--json");
    expect(j.status).toBe(3);
    expect(JSON.parse(j.stdout).planIssues[0].code).toBe("slo_unmet");
  });

  it("eval of a scenario with nothing to evaluate: exit 2 saying what to add", () => {
    const r = cli("eval", write("bare.yaml", LLAMA));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nothing to evaluate: add a train:, infer:, posttrain: or reliability: block/);
    expect(r.stdout).toBe("");
  });

  it("a misspelt key: did you mean, under --json too", () => {
    const f = write("typo.yaml", `${LLAMA}train:\n  seqLen: 4096\n  globalBatch: 8\nparalel:\n  tp: 8\n`);
    const r = cli("eval", f, "--json");
    expect(r.status).toBe(2);
    const issue = JSON.parse(r.stdout).error.issues[0];
    expect(issue).toMatchObject({ code: "unknown_key", path: ["paralel"], line: 7, column: 1 });
    expect(issue.message).toBe(`${f}:7:1: paralel: unknown key (did you mean parallel?)`);
  });

  it("an unknown command and option exit 2; --json gives the JSON error", () => {
    expect(cli("evl", "x.yaml").status).toBe(2);
    const r = cli("devices", "--jsn");
    expect(r.status).toBe(2);
    const j = cli("eval", "examples/llama3-70b-910b.yaml", "--json", "--bogus");
    expect(j.status).toBe(2);
    expect(JSON.parse(j.stdout).error.code).toBe("bad_input");
  });

  it("devices and models with unknown ids: exit 2 with the closest ids", () => {
    expect(cli("devices", "nvidia-h10").stderr).toMatch(/closest: nvidia-h100-sxm/);
    const m = cli("models", "llama3-8b");
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/unknown model id "llama3-8b"; closest: .*llama3\.1-8b/);
  });

  it("absurd inputs are answered with a warning: tokens 1e30", () => {
    const f = write(
      "absurd.yaml",
      `${LLAMA}train:\n  seqLen: 4096\n  globalBatch: 64\n  tokens: 1e30\nparallel:\n  tp: 1\n  dp: 8\n`,
    );
    const r = cli("eval", f, "--json");
    expect(r.status).toBe(0);
    const codes = JSON.parse(r.stdout).warnings.map(
      (w: { code: string; path: string[] }) => `${w.code} ${w.path.join(".")}`,
    );
    expect(codes).toContain("implausible train.tokens");
  });

  it("reliability of a scenario that leaves the layout open takes the duration from the plan search", () => {
    const r = cli("reliability", "examples/deepseek-v3-plan-h800.yaml", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).usefulDays).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/leaves the layout open: the duration is that of the plan search's best layout/);
    const f = write("no-tokens.yaml", `${LLAMA}train:\n  seqLen: 4096\n  globalBatch: 64\n`);
    const m = cli("reliability", f);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/reliability: missing key: reliability\.durationDays, or train\.tokens/);
  });
});

describe("version and help", () => {
  it("--version prints package.json's version", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    const r = cli("--version");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("every command's help shows an example; the main help states the exit codes", () => {
    const h = cli("compare", "--help");
    expect(h.status).toBe(0);
    expect(h.stdout).toContain(`$ ${EXAMPLES.compare[0]}`);
    expect(h.stdout).toMatch(/--calibration <file>/);
    expect(cli("--help").stdout).toMatch(/Exit status: 0 an answer, 2 bad input, 3 an answer that says no/);
    // the examples name real files and device ids
    for (const lines of Object.values(EXAMPLES))
      for (const l of lines)
        for (const id of l.match(/(?:nvidia|huawei)-[a-z0-9-]+/g) ?? [])
          expect(catalogs.devices.map((d) => d.id)).toContain(id);
  });
});

describe("the error helper", () => {
  it("classifies messages as the API's issue codes", () => {
    expect(codeOfMessage('f.yaml:2:3: hardware: unknown hardware id "x"; closest: a')).toBe("unknown_id");
    expect(codeOfMessage("f.yaml:7:3: train.precison: unknown key (did you mean precision?)")).toBe(
      "unknown_key",
    );
    expect(codeOfMessage("f.yaml: train: missing key (a training scenario needs a train: block)")).toBe(
      "missing_key",
    );
    expect(codeOfMessage("x.yaml: no such file")).toBe("not_found");
    expect(codeOfMessage('--top: "0" is not a positive integer')).toBe("invalid_value");
    expect(errorJson([], 3).error.code).toBe("unmet");
  });
});
