// The view lives in the URL: #/<page>?c=<checksum>&<page params>&s=<scenario YAML as base64url>,
// so a link reproduces exactly what its author saw, and a link cut short or mangled on its way
// (a chat client, a line break) says so instead of showing another scenario. base64url (RFC 4648
// §5) of the UTF-8 bytes, unpadded; the checksum is FNV-1a (32-bit) of the text, in hex.

export const PAGES = [
  "train",
  "compare",
  "infer",
  "cost",
  "reliability",
  "port",
  "lifecycle",
  "catalog",
] as const;
export type Page = (typeof PAGES)[number];

export interface ViewState {
  page: Page;
  /** the scenario YAML, or undefined when the link carries none (or a broken one) */
  text?: string;
  /** other page parameters (hw: compared devices, dev: catalog device) */
  params: Record<string, string>;
  /** why the link's scenario could not be read, when it could not */
  broken?: string;
}

/** FNV-1a, 32 bits, of the text's UTF-8 bytes, as 8 hex digits: enough to notice a damaged link. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function encodeText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The text, or undefined when `s` is not valid base64url of UTF-8. */
export function decodeText(s: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return undefined;
  try {
    const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function parseHash(hash: string): ViewState {
  const h = hash.replace(/^#\/?/, "");
  const q = h.indexOf("?");
  const name = q < 0 ? h : h.slice(0, q);
  const known = (PAGES as readonly string[]).includes(name);
  const page = known ? (name as Page) : "train";
  const search = new URLSearchParams(q < 0 ? "" : h.slice(q + 1));
  const params: Record<string, string> = {};
  let raw: string | undefined;
  let sum: string | undefined;
  for (const [k, v] of search) {
    if (k === "s") raw = v;
    else if (k === "c") sum = v;
    else params[k] = v;
  }
  const out: ViewState = { page, text: undefined, params };
  if (raw !== undefined) {
    const text = decodeText(raw);
    if (text === undefined) out.broken = "its scenario is not readable (the link was cut short or changed)";
    else if (sum !== undefined && sum !== checksum(text))
      out.broken = "its scenario does not match its checksum (the link was cut short or changed)";
    else out.text = text;
  } else if (sum !== undefined) out.broken = "it lost its scenario (the link was cut short)";
  if (!known && name !== "" && out.broken === undefined) out.broken = `it names no page "${name}"`;
  return out;
}

export function buildHash(v: ViewState): string {
  const parts: string[] = [];
  // checksum first and scenario last: a link cut anywhere loses the scenario or fails the checksum
  if (v.text !== undefined) parts.push(`c=${checksum(v.text)}`);
  for (const [k, val] of Object.entries(v.params).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (val !== "") parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(val)}`);
  }
  if (v.text !== undefined) parts.push(`s=${encodeText(v.text)}`);
  return `#/${v.page}${parts.length > 0 ? `?${parts.join("&")}` : ""}`;
}
