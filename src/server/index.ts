// The HTTP server's public surface: createServer (a fetch handler, for tests and embedding) and
// startServer (listen on a port; loopback unless told otherwise). `xpuplan server` calls startServer.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createServer, type ServerOptions, type XpuplanServer } from "./app.ts";

export { type ApiIssue, type ApiIssueCode, INPUT_CODES } from "./api-issue.ts";
export { createServer, type ServerOptions, type XpuplanServer } from "./app.ts";
export { openApiDocument } from "./openapi.ts";

export interface StartOptions extends ServerOptions {
  /** default 8787; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 (loopback only); "0.0.0.0" exposes the server to the network */
  host?: string;
}

export interface RunningServer extends XpuplanServer {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  host: string;
}

export function startServer(o: StartOptions = {}): Promise<RunningServer> {
  const host = o.host ?? "127.0.0.1";
  const s = createServer(o);
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: s.app.fetch, port: o.port ?? 8787, hostname: host },
      (info: AddressInfo) => {
        const shown = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          ...s,
          url: `http://${shown}:${info.port}`,
          port: info.port,
          host,
          close: async () => {
            await new Promise<void>((done) => {
              server.close(() => done());
              // idle keep-alive sockets would hold close() open
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            });
            await s.close();
          },
        });
      },
    );
    server.once("error", async (err) => {
      await s.close();
      reject(err);
    });
  });
}
