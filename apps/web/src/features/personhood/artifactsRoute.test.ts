// @vitest-environment node
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET, HEAD } from "@/app/semaphore/[file]/route";

const call = (file: string, method: typeof GET = GET, headers: HeadersInit = {}) =>
  method(new Request(`http://localhost/semaphore/${encodeURIComponent(file)}`, { headers }), {
    params: Promise.resolve({ file }),
  });

const installed = path.dirname(
  createRequire(path.join(process.cwd(), "package.json")).resolve("@zk-kit/semaphore-artifacts/package.json"),
);

describe("GET /semaphore/[file]", () => {
  it("streams a circuit's wasm with its type, length and immutable caching", async () => {
    const response = await call("semaphore-2.wasm");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/wasm");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const size = statSync(path.join(installed, "semaphore-2.wasm")).size;
    expect(response.headers.get("content-length")).toBe(String(size));
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.length).toBe(size);
    // WebAssembly's magic number.
    expect([...body.slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });

  it("serves the zkey of depths 1 and 32 as bytes", async () => {
    for (const file of ["semaphore-1.zkey", "semaphore-32.zkey"]) {
      const response = await call(file, HEAD);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(Number(response.headers.get("content-length"))).toBe(statSync(path.join(installed, file)).size);
    }
  });

  it("answers a revalidation with 304", async () => {
    const first = await call("semaphore-3.zkey", HEAD);
    const again = await call("semaphore-3.zkey", GET, { "if-none-match": first.headers.get("etag") ?? "" });
    expect(again.status).toBe(304);
  });

  it.each([
    "semaphore-0.wasm",
    "semaphore-33.zkey",
    "semaphore-02.wasm",
    "semaphore-2.json",
    "semaphore-2.wasm.map",
    "../package.json",
    "..%2Fpackage.json",
    "package.json",
    "",
  ])("answers %j with a JSON 404 naming the error", async (file) => {
    const response = await call(file);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = await response.json();
    expect(body.error).toBe("UnknownArtifact");
    expect(body.message).toMatch(/semaphore-<depth>\.wasm/);
  });
});
