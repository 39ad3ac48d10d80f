// Builds the static web app (src/web → dist/web): any static server can host it, and
// `xpuplan server` serves it at /. The engine runs in a module Web Worker. Each text file is
// also written brotli- and gzip-compressed (x.js.br, x.js.gz) for servers that send them.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

function precompress(): Plugin {
  return {
    name: "xpuplan-precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "";
      for (const [name, out] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue;
        const data = Buffer.from(out.type === "chunk" ? out.code : out.source);
        if (data.byteLength < 1024) continue;
        const file = join(dir, name);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

const VERSION = String(
  (JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: unknown }).version,
);

export default defineConfig({
  // the tool's version, for the reports the engine worker writes (it reads no files)
  define: { __XPUPLAN_VERSION__: JSON.stringify(VERSION) },
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  // relative asset URLs: the build works under any path prefix
  base: "./",
  plugins: [precompress()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
