// Serves the built web app (vite build → dist/web) from a directory, or, when it is not built,
// a page that says how to build it. Paths are confined to the directory. The build stores each
// text file also brotli- and gzip-compressed (vite.config.ts); those are sent to clients that
// accept them, so a page load moves about a quarter of the bytes.
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/web of this checkout, found from this file so any cwd works. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const SECURITY = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  // Plot writes inline style attributes; the engine runs in a module worker from the same origin.
  "content-security-policy":
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>xpuplan: web app not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto">
<h1>The xpuplan web app is not built</h1>
<p>Run <code>npm run build</code> (it runs <code>vite build</code> and writes <code>dist/web</code>), then restart <code>xpuplan server</code>.</p>
<p>The HTTP API works without it: see <a href="/openapi.json">/openapi.json</a>, <a href="/health">/health</a>, <a href="/devices">/devices</a>.</p>
</body></html>`;

export function webAppBuilt(root: string): boolean {
  return existsSync(join(root, "index.html"));
}

/** Encodings the client accepts with q > 0, from an Accept-Encoding header (RFC 9110 Sec. 12.5.3). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

const STORED: [encoding: string, suffix: string][] = [
  ["br", ".br"],
  ["gzip", ".gz"],
];

/** The response for a GET of `path` under `root`, or undefined when there is no such file. */
export function staticFile(root: string, path: string, acceptEncoding?: string): Response | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (rel.includes("\0")) return undefined;
  if (rel === "/" || rel === "") rel = "/index.html";
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  const file = normalize(join(base, rel));
  if (!file.startsWith(base)) return undefined;
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const hashed = /[\\/]assets[\\/]/.test(file);
  const headers: Record<string, string> = {
    "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    ...SECURITY,
  };
  const accepted = acceptedEncodings(acceptEncoding);
  for (const [encoding, suffix] of STORED) {
    if (!accepted.has(encoding) || !existsSync(file + suffix)) continue;
    return new Response(readFileSync(file + suffix), {
      status: 200,
      headers: { ...headers, "content-encoding": encoding, vary: "accept-encoding" },
    });
  }
  return new Response(readFileSync(file), { status: 200, headers });
}
