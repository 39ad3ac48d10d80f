// The view lives in the URL: #/<page>?s=<scenario YAML as base64url>&<page params>, so a link
// reproduces exactly what its author saw. base64url (RFC 4648 §5) of the UTF-8 bytes, unpadded.

export const PAGES = ["train", "compare", "infer", "reliability", "catalog"] as const;
export type Page = (typeof PAGES)[number];

export interface ViewState {
  page: Page;
  /** the scenario YAML, or undefined when the link carries none */
  text?: string;
  /** other page parameters (hw: compared devices, dev: catalog device) */
  params: Record<string, string>;
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
  const page = (PAGES as readonly string[]).includes(name) ? (name as Page) : "train";
  const search = new URLSearchParams(q < 0 ? "" : h.slice(q + 1));
  const params: Record<string, string> = {};
  let text: string | undefined;
  for (const [k, v] of search) {
    if (k === "s") text = decodeText(v);
    else params[k] = v;
  }
  return { page, text, params };
}

export function buildHash(v: ViewState): string {
  const parts: string[] = [];
  if (v.text !== undefined) parts.push(`s=${encodeText(v.text)}`);
  for (const [k, val] of Object.entries(v.params).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (val !== "") parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(val)}`);
  }
  return `#/${v.page}${parts.length > 0 ? `?${parts.join("&")}` : ""}`;
}
