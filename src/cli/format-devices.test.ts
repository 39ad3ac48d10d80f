import { describe, expect, it } from "vitest";
import type { Device } from "../hardware/device.ts";
import {
  deviceListJson,
  displayWidth,
  formatDevice,
  formatDeviceList,
  formatNumber,
} from "./format-devices.ts";

const fig = (value: number, extra: Partial<Device["tdpWatts"] & object> = {}) => ({
  value,
  sources: ["src-a"],
  confidence: "official" as const,
  ...extra,
});

const gpu: Device = {
  id: "acme-x1",
  vendor: "Acme",
  name: "X1",
  variant: "SXM 80GB",
  status: "shipping",
  releaseYear: 2024,
  peakTflops: {
    fp64: fig(60),
    fp32: fig(60),
    tf32: fig(500),
    bf16: fig(989.4, { note: "1,979 sparse" }),
    fp16: fig(989.4),
    fp8: fig(1978.9),
    int8: fig(1978.9),
    int4: null,
    fp4: null,
  },
  dtypeNotes: { int4: "unknown: not given", fp4: "unsupported: not on this generation" },
  memory: { kind: "HBM3", capacityGB: fig(80), bandwidthTBps: fig(3.35) },
  scaleUp: { kind: "switched", technology: "LinkX", bandwidthGBps: fig(450), domainSize: 8 },
  scaleOut: { gbpsPerDevice: fig(400), note: "one NIC per GPU" },
  devicesPerNode: 8,
  tdpWatts: fig(700),
  pricePerDeviceHourUSD: null,
  failuresPerDeviceHour: fig(1.97e-5, { confidence: "paper", sources: ["src-b"] }),
  plannable: true,
  sources: [
    { id: "src-a", title: "Acme datasheet", url: "https://example.com/x1" },
    { id: "src-b", title: "A paper" },
  ],
};

const npu: Device = {
  ...gpu,
  id: "acme-n2",
  name: "N2",
  variant: undefined,
  peakTflops: {
    ...gpu.peakTflops,
    bf16: fig(365, { low: 354, high: 376, confidence: "analyst" }),
    fp16: fig(365, { low: 354, high: 376 }),
    fp8: null,
    fp4: null,
  },
  dtypeNotes: { fp8: "unsupported: not before the next generation", fp4: "unknown: not published" },
  scaleUp: {
    kind: "full-mesh",
    bandwidthGBps: fig(196),
    perPeerGBps: fig(28, { confidence: "derived" }),
    domainSize: 8,
  },
  plannable: false,
  notPlannableReasons: ["memory bandwidth unknown"],
  memory: { capacityGB: fig(64), bandwidthTBps: null },
};

describe("formatNumber", () => {
  it("prints compactly", () => {
    expect(formatNumber(989.4)).toBe("989");
    expect(formatNumber(1978.9)).toBe("1979");
    expect(formatNumber(44.25)).toBe("44.3");
    expect(formatNumber(3.35)).toBe("3.35");
    expect(formatNumber(0.6144)).toBe("0.614");
    expect(formatNumber(1.97e-5)).toBe("1.97e-5");
    expect(formatNumber(0)).toBe("0");
  });
});

describe("displayWidth", () => {
  it("counts East Asian wide characters twice", () => {
    expect(displayWidth("Enflame")).toBe(7);
    expect(displayWidth("Enflame (燧原)")).toBe(14);
    expect(displayWidth("…")).toBe(1);
  });

  it("keeps a column aligned after a wide vendor name", () => {
    const wide = { ...gpu, id: "acme-w", vendor: "Acme (天数智芯)" };
    const lines = formatDeviceList([gpu, wide]).split("\n");
    const fabricAt = (line: string) => displayWidth(line.slice(0, line.indexOf("switched/8")));
    expect(fabricAt(lines[2])).toBe(fabricAt(lines[3]));
  });
});

describe("formatDeviceList", () => {
  const text = formatDeviceList([gpu, npu]);
  const lines = text.split("\n");

  it("has a header, a rule, one row per device and a legend", () => {
    expect(lines[0]).toMatch(
      /^id\s+vendor\s+name\s+bf16 TF\s+fp8 TF\s+HBM GB\s+HBM TB\/s\s+up GB\/s\s+fabric\s+plannable$/,
    );
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines[2]).toMatch(/^acme-x1 /);
    expect(lines[3]).toMatch(/^acme-n2 /);
    expect(lines.at(-1)).toMatch(/one direction/);
  });

  it("aligns the columns", () => {
    const col = (line: string, word: string) => line.indexOf(word);
    expect(col(lines[2], "switched/8")).toBe(col(lines[0], "fabric"));
    expect(col(lines[3], "full-mesh/8")).toBe(col(lines[0], "fabric"));
    // numbers are right-aligned under their header
    expect(col(lines[2], "989") + 3).toBe(col(lines[0], "bf16 TF") + "bf16 TF".length);
  });

  it("shows ranges, unsupported and unknown figures distinctly", () => {
    expect(lines[2]).toContain("X1 SXM 80GB");
    expect(lines[2]).toMatch(/\b989\s+1979\s+80\s+3\.35\s+450\s+switched\/8\s+yes$/);
    expect(lines[3]).toMatch(/\b354-376\s+no\s+64\s+\?\s+196\s+full-mesh\/8\s+no$/);
  });
});

describe("formatDevice", () => {
  const a = formatDevice(gpu);
  const b = formatDevice(npu);

  it("prints every figure with unit, confidence and sources", () => {
    expect(a).toMatch(/^acme-x1: Acme X1 \(SXM 80GB\)/);
    expect(a).toMatch(/bf16\s+989\.4 TFLOP\/s, official \[src-a\]\n\s+1,979 sparse/);
    expect(a).toMatch(/int8\s+1978\.9 TOPS, official/);
    expect(a).toMatch(/capacity\s+80 GB, official/);
    expect(a).toMatch(/bandwidth\s+3\.35 TB\/s, official/);
    expect(a).toMatch(/scale-up: switched, domain 8, LinkX/);
    expect(a).toMatch(/per device\s+450 GB\/s one direction, official/);
    expect(a).toMatch(/per device\s+400 Gb\/s, official/);
    expect(a).toMatch(/TDP\s+700 W, official/);
    expect(a).toMatch(/price\s+unknown/);
    expect(a).toMatch(/failures\s+0\.0000197 per device-hour, paper \[src-b\]/);
    expect(a).toContain("[src-a] Acme datasheet <https://example.com/x1>");
    expect(a).toContain("[src-b] A paper");
    expect(a).toContain("plannable: yes");
  });

  it("says 'not supported' only for unsupported dtypes, and keeps ranges", () => {
    expect(a).toMatch(/fp4\s+not supported \(not on this generation\)/);
    expect(a).toMatch(/int4\s+unknown \(not given\)/);
    expect(b).toMatch(/fp8\s+not supported \(not before the next generation\)/);
    expect(b).toMatch(/fp4\s+unknown \(not published\)/);
    expect(b).not.toMatch(/fp4\s+not supported/);
    expect(b).toMatch(/bf16\s+365 \(354-376\) TFLOP\/s, analyst/);
    expect(b).toMatch(/per peer\s+28 GB\/s one direction, derived/);
    expect(b).toMatch(/bandwidth\s+unknown/);
    expect(b).toContain("plannable: no (memory bandwidth unknown)");
  });
});

describe("deviceListJson", () => {
  it("returns plain objects, id/vendor/name first, with every field", () => {
    const out = deviceListJson([gpu, npu]);
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]).slice(0, 3)).toEqual(["id", "vendor", "name"]);
    expect(out[0]).toEqual(gpu);
    expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse(JSON.stringify([gpu, npu])));
    // a copy: editing the output leaves the catalog alone
    (out[0].memory as Device["memory"]).capacityGB = null;
    expect(gpu.memory.capacityGB).not.toBeNull();
  });
});
