import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importHardware, toYaml } from "../../scripts/import-hardware.ts";
import { type Device, deviceSchema, type Figure } from "../hardware/device.ts";
import { nominal, rangeOf } from "../hardware/figure.ts";
import { DEFAULT_DEVICE_DIR, findDevice, loadDeviceCatalog } from "./devices.ts";

// The importer reads the research data in data/; the catalog itself must not need it at run time.
const HARDWARE_JSON = fileURLToPath(new URL("../../data/hardware.json", import.meta.url));
const RELIABILITY_JSON = fileURLToPath(new URL("../../data/reliability.json", import.meta.url));

const devices = loadDeviceCatalog();
const byId = (id: string): Device => findDevice(devices, id);

/** Every Figure inside a device, with its key path. */
function figures(d: Device): [string, Figure][] {
  const out: [string, Figure][] = [];
  const walk = (x: unknown, path: string) => {
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    if (typeof o.value === "number" && Array.isArray(o.sources) && typeof o.confidence === "string") {
      out.push([path, o as unknown as Figure]);
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(d, "");
  return out;
}

describe("device catalog", () => {
  it("holds every id of hardware.json", () => {
    const ids = (JSON.parse(readFileSync(HARDWARE_JSON, "utf8")) as { id: string }[]).map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(devices.map((d) => d.id).sort()).toEqual([...ids].sort());
  });

  it("is what the importer makes of hardware.json today (re-run npm run import-hardware)", () => {
    const hardware = JSON.parse(readFileSync(HARDWARE_JSON, "utf8"));
    const reliability = JSON.parse(readFileSync(RELIABILITY_JSON, "utf8"));
    const fresh = importHardware(hardware, reliability);
    for (const d of fresh) {
      expect(readFileSync(join(DEFAULT_DEVICE_DIR, `${d.id}.yaml`), "utf8"), d.id).toBe(toYaml(d));
    }
    // Idempotent: a second run over the same input gives the same text.
    expect(importHardware(hardware, reliability).map(toYaml)).toEqual(fresh.map(toYaml));
  });

  it("has one valid file per device, named after its id", () => {
    const files = readdirSync(DEFAULT_DEVICE_DIR).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBe(devices.length);
    expect(devices.length).toBeGreaterThanOrEqual(30);
    for (const d of devices) {
      expect(deviceSchema.safeParse(d).success).toBe(true);
      expect(files).toContain(`${d.id}.yaml`);
    }
  });

  it("cites only sources the device lists", () => {
    for (const d of devices) {
      const listed = new Set(d.sources.map((s) => s.id));
      for (const [path, f] of figures(d)) {
        for (const s of f.sources) expect(listed.has(s), `${d.id} ${path} cites ${s}`).toBe(true);
      }
    }
  });

  it("keeps ranges as ranges: low <= value <= high", () => {
    let ranges = 0;
    for (const d of devices) {
      for (const [path, f] of figures(d)) {
        const [low, high] = rangeOf(f) as [number, number];
        expect(low, `${d.id} ${path}`).toBeLessThanOrEqual(f.value);
        expect(f.value, `${d.id} ${path}`).toBeLessThanOrEqual(high);
        if (low < high) ranges++;
      }
    }
    expect(ranges).toBeGreaterThan(5);
    const b2 = byId("huawei-ascend-910b2").peakTflops.bf16;
    expect(rangeOf(b2)).toEqual([354, 376]);
    expect(nominal(b2)).toBe(365);
  });

  it("has no FP8 on any Ascend before the 950, and FP8 from the 950 on", () => {
    const pre950 = devices.filter((d) => /^huawei-(ascend-910|cloudmatrix)/.test(d.id));
    expect(pre950.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        "huawei-ascend-910b1",
        "huawei-ascend-910b2",
        "huawei-ascend-910c",
        "huawei-cloudmatrix-384",
      ]),
    );
    for (const d of pre950) {
      expect(d.peakTflops.fp8, d.id).toBeNull();
      if (d.id !== "huawei-ascend-910d") expect(d.dtypeNotes?.fp8, d.id).toMatch(/^unsupported: /);
    }
    for (const id of ["huawei-ascend-950pr", "huawei-ascend-950dt"])
      expect(nominal(byId(id).peakTflops.fp8)).toBe(1000);
    expect(nominal(byId("huawei-ascend-960").peakTflops.fp8)).toBe(2000);
  });

  it("keeps the key dense peaks", () => {
    const h100 = byId("nvidia-h100-sxm");
    expect(nominal(h100.peakTflops.bf16)).toBeGreaterThanOrEqual(989);
    expect(nominal(h100.peakTflops.bf16)).toBeLessThan(990); // dense, not the 1,979 sparse headline
    expect(nominal(h100.peakTflops.fp8)).toBeCloseTo(1978.9, 1);
    expect(h100.peakTflops.fp4).toBeNull();
    expect(h100.dtypeNotes?.fp4).toMatch(/^unsupported/);
    expect(nominal(byId("nvidia-h20").peakTflops.bf16)).toBe(148);
    expect(nominal(byId("nvidia-h20").peakTflops.fp8)).toBe(296);
    expect(nominal(byId("nvidia-a100-80gb-sxm").peakTflops.bf16)).toBe(312);
    expect(byId("nvidia-a100-80gb-sxm").peakTflops.fp8).toBeNull();
    expect(nominal(byId("nvidia-b200").peakTflops.fp4)).toBe(9000);
    expect(rangeOf(byId("huawei-ascend-910c").peakTflops.bf16)).toEqual([752, 800]);
    expect(byId("huawei-ascend-910b3").peakTflops.bf16?.high).toBe(313);
  });

  it("keeps scale-up per device and one direction, with the right fabric", () => {
    const up = (id: string) => byId(id).scaleUp;
    expect(up("nvidia-h100-sxm")).toMatchObject({ kind: "switched", domainSize: 8 });
    expect(nominal(up("nvidia-h100-sxm").bandwidthGBps)).toBe(450);
    expect(nominal(up("nvidia-h800-sxm").bandwidthGBps)).toBe(200); // 400 GB/s is the bidirectional figure
    expect(nominal(up("nvidia-a800-80gb-sxm").bandwidthGBps)).toBe(200);
    for (const id of ["huawei-ascend-910b1", "huawei-ascend-910b2", "huawei-ascend-910b3"]) {
      expect(up(id)).toMatchObject({ kind: "full-mesh", domainSize: 8 });
      expect(nominal(up(id).bandwidthGBps)).toBe(196);
      expect(nominal(up(id).perPeerGBps)).toBe(28); // 56 GB/s bidirectional per HCCS peer link
    }
    expect(up("huawei-ascend-910c")).toMatchObject({ kind: "supernode", domainSize: 384 });
    expect(nominal(up("huawei-ascend-910c").bandwidthGBps)).toBe(392);
    expect(up("huawei-cloudmatrix-384")).toMatchObject({ kind: "supernode", domainSize: 384 });
    expect(up("nvidia-gb200").domainSize).toBe(72);
    expect(["switched", "supernode"]).toContain(up("nvidia-gb200").kind);
    expect(up("nvidia-l40s").kind).toBe("pcie");
    expect(nominal(up("amd-mi300x").perPeerGBps)).toBe(64);
    for (const d of devices.filter((x) => x.scaleUp.kind === "full-mesh")) {
      expect(d.scaleUp.perPeerGBps, `${d.id} full mesh needs its per-peer limit`).toBeDefined();
    }
  });

  it("has sane units", () => {
    for (const d of devices) {
      const bw = nominal(d.memory.bandwidthTBps);
      if (bw !== undefined) expect(bw, `${d.id} HBM TB/s`).toBeGreaterThan(0.1);
      if (bw !== undefined) expect(bw, `${d.id} HBM TB/s`).toBeLessThan(20);
      const gb = nominal(d.memory.capacityGB);
      if (gb !== undefined) expect(gb, `${d.id} HBM GB`).toBeGreaterThanOrEqual(16);
      if (gb !== undefined) expect(gb, `${d.id} HBM GB`).toBeLessThanOrEqual(512);
      const nic = nominal(d.scaleOut.gbpsPerDevice);
      if (nic !== undefined) expect(nic, `${d.id} NIC Gb/s`).toBeGreaterThanOrEqual(25);
      if (nic !== undefined) expect(nic, `${d.id} NIC Gb/s`).toBeLessThanOrEqual(1600);
      const upBw = nominal(d.scaleUp.bandwidthGBps);
      if (upBw !== undefined) expect(upBw, `${d.id} scale-up GB/s`).toBeGreaterThanOrEqual(10);
      if (upBw !== undefined) expect(upBw, `${d.id} scale-up GB/s`).toBeLessThanOrEqual(5000);
      const bf16 = nominal(d.peakTflops.bf16) ?? nominal(d.peakTflops.fp16);
      if (bf16 !== undefined) expect(bf16, `${d.id} 16-bit TFLOP/s`).toBeLessThan(20000);
      const tdp = nominal(d.tdpWatts);
      if (tdp !== undefined) expect(tdp, `${d.id} W`).toBeLessThan(3000);
    }
    // The CloudMatrix384 entry is system totals in hardware.json; the catalog holds one NPU's share.
    const cm = byId("huawei-cloudmatrix-384");
    expect(nominal(cm.memory.capacityGB)).toBe(128);
    expect(rangeOf(cm.peakTflops.bf16)).toEqual([752, 781.25]);
  });

  it("marks a device plannable exactly when planning's figures are there", () => {
    for (const d of devices) {
      const complete =
        (d.peakTflops.bf16 !== null || d.peakTflops.fp16 !== null) &&
        d.memory.capacityGB !== null &&
        d.memory.bandwidthTBps !== null &&
        d.scaleUp.bandwidthGBps !== null;
      expect(d.plannable, d.id).toBe(complete);
      expect((d.notPlannableReasons ?? []).length > 0, d.id).toBe(!complete);
    }
    expect(byId("nvidia-h100-sxm").plannable).toBe(true);
    expect(byId("huawei-ascend-910b2").plannable).toBe(true);
    expect(byId("huawei-ascend-910d").plannable).toBe(false);
    expect(byId("huawei-ascend-970").plannable).toBe(false);
    // the 950's 16-bit rate is derived from its announced FP8 rate, and said so
    const bf16 = byId("huawei-ascend-950dt").peakTflops.bf16;
    expect(bf16?.confidence).toBe("derived");
    expect(bf16?.value).toBe((byId("huawei-ascend-950dt").peakTflops.fp8?.value ?? 0) / 2);
  });

  it("carries sourced failure rates; prices live in catalog/prices.yaml, not in the device files", () => {
    const h100 = byId("nvidia-h100-sxm");
    expect(nominal(h100.failuresPerDeviceHour)).toBe(1.97e-5);
    expect(h100.failuresPerDeviceHour?.sources).toEqual(["llama3"]);
    for (const d of devices) {
      expect(d.pricePerDeviceHourUSD, d.id).toBeUndefined();
      expect(d.pricing, d.id).toBeUndefined();
    }
  });
});

describe("loadDeviceCatalog errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "xpuplan-devices-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the file, the line and the key path, one line per problem", () => {
    const good = readFileSync(join(DEFAULT_DEVICE_DIR, "nvidia-h100-sxm.yaml"), "utf8");
    const bad = good
      .replace(/^devicesPerNode: 8$/m, "devicesPerNode: eight")
      .replace(/^ {2}kind: switched$/m, "  kind: ring");
    expect(bad).not.toBe(good);
    writeFileSync(join(dir, "nvidia-h100-sxm.yaml"), bad);
    writeFileSync(join(dir, "wrong-name.yaml"), good);
    let message = "";
    try {
      loadDeviceCatalog(dir);
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split("\n").slice(1);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes(" scaleUp.kind: "))).toMatch(
      /^nvidia-h100-sxm\.yaml:\d+:\d+ scaleUp\.kind: /,
    );
    expect(lines.find((l) => l.includes(" devicesPerNode: "))).toMatch(
      /^nvidia-h100-sxm\.yaml:\d+:\d+ devicesPerNode: /,
    );
    expect(lines.find((l) => l.startsWith("wrong-name.yaml"))).toMatch(/does not match the file name/);
  });

  it("refuses an empty directory", () => {
    const empty = mkdtempSync(join(tmpdir(), "xpuplan-empty-"));
    expect(() => loadDeviceCatalog(empty)).toThrow(/no device files/);
    rmSync(empty, { recursive: true });
  });
});

describe("findDevice", () => {
  it("returns the device, or names the closest ids", () => {
    expect(findDevice(devices, "nvidia-h100-sxm").name).toBe("H100");
    expect(() => findDevice(devices, "h100")).toThrow(
      /^unknown hardware id "h100"; closest: nvidia-h100-(sxm|pcie), /,
    );
    expect(() => findDevice(devices, "huawei-ascend-910b")).toThrow(/closest: huawei-ascend-910b\d/);
  });
});
