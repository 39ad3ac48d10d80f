// Colours and fonts shared by the report's SVG and the web page's charts: Tableau 10
// (distinguishable, and readable in grey-scale order), one fixed colour per vendor so a vendor
// looks the same in every chart whatever devices are shown, and a font stack that has CJK glyphs
// (vendor and device names in Chinese) on Linux, macOS and Windows.

export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** The vendor a catalog vendor string names: "Huawei (HiSilicon)" and "Huawei" are one vendor. */
export function vendorKey(vendor: string): string {
  return vendor.replace(/\s*\(.*\)\s*$/, "").trim() || vendor;
}

const VENDOR_COLOURS: Record<string, string> = {
  NVIDIA: PALETTE[4],
  Huawei: PALETTE[2],
  AMD: PALETTE[1],
  Google: PALETTE[0],
  Cambricon: PALETTE[6],
  Biren: PALETTE[3],
  Enflame: PALETTE[5],
  Hygon: PALETTE[8],
  "Iluvatar CoreX": PALETTE[7],
  Kunlunxin: PALETTE[9],
  MetaX: "#1f6f8b",
  "Moore Threads": "#8b5e3c",
};

/** One colour per vendor; a vendor the table lacks gets a stable colour from its name. */
export function vendorColour(vendor: string): string {
  const key = vendorKey(vendor);
  const known = VENDOR_COLOURS[key];
  if (known) return known;
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
