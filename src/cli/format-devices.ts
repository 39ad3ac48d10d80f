// Text and JSON views of the device catalog for `xpuplan devices`. Pure: devices in, string or
// plain data out. Every figure prints with its unit, confidence and sources; a null dtype says
// whether it is unsupported or unknown (dtypeNotes), never just blank.
import type { Device, Dtype, Figure } from "../hardware/device.ts";
import { DTYPES } from "../hardware/device.ts";

/** Compact number: integers above 100, one decimal above 10, else up to 3 significant decimals. */
export function formatNumber(x: number): string {
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e7)) return x.toExponential(2);
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 3;
  return String(Number(x.toFixed(digits)));
}

/** "989.4", or "365 (354-376)" for a range; full precision. */
function exact(f: Figure): string {
  const r = f.low !== undefined || f.high !== undefined ? ` (${f.low ?? f.value}-${f.high ?? f.value})` : "";
  return `${f.value}${r}`;
}

/** Table cell: a range as "low-high", a point as its compact value. */
function cell(f: Figure | null | undefined, missing = "?"): string {
  if (!f) return missing;
  if (f.low !== undefined && f.high !== undefined) return `${formatNumber(f.low)}-${formatNumber(f.high)}`;
  return formatNumber(f.value);
}

/** Terminal columns a string takes: East Asian wide characters (燧原, 天垓) take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

const pad = (s: string, width: number, right: boolean) => {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

function peakCell(d: Device, dtype: Dtype): string {
  const f = d.peakTflops[dtype];
  if (f) return cell(f);
  return d.dtypeNotes?.[dtype]?.startsWith("unsupported") ? "no" : "?";
}

/** An aligned table: one row per device. */
export function formatDeviceList(devices: readonly Device[]): string {
  const head = [
    "id",
    "vendor",
    "name",
    "bf16 TF",
    "fp8 TF",
    "HBM GB",
    "HBM TB/s",
    "up GB/s",
    "fabric",
    "plannable",
  ];
  const rows = devices.map((d) => [
    d.id,
    d.vendor,
    d.variant ? `${d.name} ${d.variant}` : d.name,
    peakCell(d, "bf16"),
    peakCell(d, "fp8"),
    cell(d.memory.capacityGB),
    cell(d.memory.bandwidthTBps),
    cell(d.scaleUp.bandwidthGBps),
    `${d.scaleUp.kind}/${d.scaleUp.domainSize}`,
    d.plannable ? "yes" : "no",
  ]);
  // Names can be long; cut them so the table stays readable.
  for (const r of rows) if (r[2].length > 40) r[2] = `${r[2].slice(0, 39)}…`;
  const numeric = new Set([3, 4, 5, 6, 7]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i], numeric.has(i)))
      .join("  ")
      .trimEnd();
  const legend =
    "TF = dense TFLOP/s; up = scale-up GB/s per device, one direction; fabric = kind/domain size; no = not supported, ? = unknown";
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "", legend].join("\n");
}

function figureLine(label: string, f: Figure | null | undefined, unit: string, missing = "unknown"): string {
  if (!f) return `  ${label.padEnd(18)} ${missing}`;
  const src = f.sources.length > 0 ? ` [${f.sources.join(", ")}]` : "";
  const note = f.note ? `\n  ${"".padEnd(18)}   ${f.note}` : "";
  return `  ${label.padEnd(18)} ${exact(f)} ${unit}, ${f.confidence}${src}${note}`;
}

/** Every figure of one device with value or range, unit, confidence and sources. */
export function formatDevice(d: Device): string {
  const out: string[] = [];
  out.push(`${d.id}: ${d.vendor} ${d.name}${d.variant ? ` (${d.variant})` : ""}`);
  const facts = [d.status, d.releaseYear !== undefined ? `released ${d.releaseYear}` : undefined];
  if (facts.some(Boolean)) out.push(facts.filter(Boolean).join("; "));
  out.push(d.plannable ? "plannable: yes" : `plannable: no (${(d.notPlannableReasons ?? []).join("; ")})`);

  out.push("", "dense peak:");
  for (const dtype of DTYPES) {
    const f = d.peakTflops[dtype];
    const unit = dtype.startsWith("int") ? "TOPS" : "TFLOP/s";
    const why = d.dtypeNotes?.[dtype];
    const missing = why?.startsWith("unsupported")
      ? `not supported (${why.replace(/^unsupported:\s*/, "")})`
      : `unknown${why ? ` (${why.replace(/^unknown:\s*/, "")})` : ""}`;
    out.push(figureLine(dtype, f, unit, missing));
  }

  out.push("", `memory${d.memory.kind ? ` (${d.memory.kind})` : ""}:`);
  out.push(figureLine("capacity", d.memory.capacityGB, "GB"));
  out.push(figureLine("bandwidth", d.memory.bandwidthTBps, "TB/s"));
  if (d.l2MB !== undefined) out.push(figureLine("L2", d.l2MB, "MB"));

  const up = d.scaleUp;
  out.push("", `scale-up: ${up.kind}, domain ${up.domainSize}${up.technology ? `, ${up.technology}` : ""}`);
  out.push(figureLine("per device", up.bandwidthGBps, "GB/s one direction"));
  if (up.perPeerGBps !== undefined) out.push(figureLine("per peer", up.perPeerGBps, "GB/s one direction"));
  if (up.note) out.push(`  ${up.note}`);

  out.push("", "scale-out:");
  out.push(figureLine("per device", d.scaleOut.gbpsPerDevice, "Gb/s"));
  if (d.scaleOut.note) out.push(`  ${d.scaleOut.note}`);

  out.push("", "node and operation:");
  out.push(`  ${"devices per node".padEnd(18)} ${d.devicesPerNode}`);
  out.push(figureLine("TDP", d.tdpWatts, "W"));
  out.push(figureLine("price", d.pricePerDeviceHourUSD, "USD per device-hour, all-in"));
  if (d.pricing?.basis === "unknown") out.push(`  ${d.pricing.message}`);
  else if (d.pricing) out.push(`  ${"price basis".padEnd(18)} ${d.pricing.label}`);
  if (d.failuresPerDeviceHour !== undefined) {
    out.push(figureLine("failures", d.failuresPerDeviceHour, "per device-hour"));
  }

  if (d.notes && d.notes.length > 0) out.push("", "notes:", ...d.notes.map((n) => `  - ${n}`));
  out.push("", "sources:", ...d.sources.map((s) => `  [${s.id}] ${s.title}${s.url ? ` <${s.url}>` : ""}`));
  return out.join("\n");
}

/** Plain objects for --json: id, vendor, name first, then every other field of the record. */
export function deviceListJson(devices: readonly Device[]): Record<string, unknown>[] {
  return devices.map((d) => {
    const { id, vendor, name, ...rest } = structuredClone(d);
    return { id, vendor, name, ...rest };
  });
}
