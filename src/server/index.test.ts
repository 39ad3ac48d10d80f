import { describe, expect, it } from "vitest";
import * as server from "./index.ts";

describe("src/server/index.ts", () => {
  it("exports exactly the server's public surface", () => {
    expect(Object.keys(server).sort()).toEqual([
      "INPUT_CODES",
      "createServer",
      "openApiDocument",
      "startServer",
    ]);
  });

  it("listens on loopback by default and closes cleanly", async () => {
    const s = await server.startServer({ port: 0, webRoot: null, workers: { eval: 1, search: 1 } });
    try {
      expect(s.host).toBe("127.0.0.1");
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${s.url}/health`);
      expect(r.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
