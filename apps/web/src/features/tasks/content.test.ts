import * as dagCbor from "@ipld/dag-cbor";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ContentMismatchError,
  ContentNotFoundError,
  cidFromDigest,
  digestOfCid,
  encodeContent,
  fetchContent,
  fetchTaskResult,
  GatewayUnavailableError,
  publishInput,
} from "@/data/content";

// A seeded simulation task's input: its on-chain digest and the CID the workers' store gives it.
const SEEDED_DIGEST = "0xc41c8744c7c4f515602f40168c4e356d187d99202f8fd2e38de07c6ac95fc8d0";
const SEEDED_CID = "bafyreigedsdujr6e6ukwal2ac2ge4nlndb6zsibpr7johdpaprvmsx6i2a";

/** A fake gateway: blocks by CID, answering fetch as the workers' gateway does. */
function fakeGateway(blocks: Map<string, Uint8Array>, published?: { cid: string; digest: string }) {
  const calls: string[] = [];
  const fetchFake = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? "GET"} ${url}`);
    if (init?.method === "POST") return new Response(JSON.stringify(published), { status: 201 });
    const cid = new URL(url).pathname.split("/").at(-1) ?? "";
    const bytes = blocks.get(cid);
    if (!bytes) return new Response(JSON.stringify({ error: "BlockNotFoundError" }), { status: 404 });
    return new Response(new Uint8Array(bytes), { status: 200 });
  });
  vi.stubGlobal("fetch", fetchFake);
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("content addresses", () => {
  it("converts an on-chain digest to the workers' CID and back", () => {
    expect(cidFromDigest(SEEDED_DIGEST).toString()).toBe(SEEDED_CID);
    expect(digestOfCid(SEEDED_CID)).toBe(SEEDED_DIGEST);
  });

  it("addresses a value as dag-cbor sha2-256 CIDv1, round trip through its digest", async () => {
    const node = await encodeContent({ schema: "aos/llm-task/1", prompt: "hello" });
    expect(node.cid.toString()).toMatch(/^bafyrei/);
    expect(cidFromDigest(node.digest).equals(node.cid)).toBe(true);
  });

  it("refuses a malformed digest", () => {
    expect(() => cidFromDigest("0x1234")).toThrow(/32-byte digest/);
  });
});

describe("fetching content", () => {
  it("fetches the raw block, verifies it against the digest and decodes it", async () => {
    const value = { schema: "aos/dcos-sim-task/1", params: { seed: 7 } };
    const node = await encodeContent(value);
    const calls = fakeGateway(new Map([[node.cid.toString(), node.bytes]]));
    const content = await fetchContent(node.digest);
    expect(content).toEqual({ cid: node.cid.toString(), value, verified: true });
    expect(calls[0]).toMatch(new RegExp(`/ipfs/${node.cid}\\?format=raw$`));
  });

  it("rejects bytes that do not hash to the CID with ContentMismatchError", async () => {
    const asked = await encodeContent({ result: "the real one" });
    const other = await encodeContent({ result: "a forgery" });
    fakeGateway(new Map([[asked.cid.toString(), other.bytes]]));
    const error = await fetchContent(asked.digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentMismatchError);
    expect((error as Error).message).toMatch(/use another gateway/);
    expect((error as ContentMismatchError).actual).toBe(other.cid.toString());
  });

  it("says when the gateway has no such block, and when it cannot be reached", async () => {
    fakeGateway(new Map());
    await expect(fetchContent(SEEDED_DIGEST)).rejects.toBeInstanceOf(ContentNotFoundError);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const error = await fetchContent(SEEDED_DIGEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect((error as Error).message).toMatch(/Check that the workers' gateway is running/);
  });

  it("follows a result node to its output node, with links made plain", async () => {
    const output = await encodeContent({ schema: "aos/dcos-sim-output/1", summary: { nodes: 1024 } });
    const result = await encodeContent({ schema: "aos/task-result/1", output: output.cid });
    fakeGateway(
      new Map([
        [output.cid.toString(), output.bytes],
        [result.cid.toString(), dagCbor.encode({ schema: "aos/task-result/1", output: output.cid })],
      ]),
    );
    const fetched = await fetchTaskResult(result.digest);
    expect(fetched.result.value).toEqual({ schema: "aos/task-result/1", output: { "/": output.cid.toString() } });
    expect(fetched.output?.value).toEqual({ schema: "aos/dcos-sim-output/1", summary: { nodes: 1024 } });
  });
});

describe("publishing an input", () => {
  it("posts dag-json and returns the CID and digest the escrow needs", async () => {
    const input = { schema: "aos/llm-task/1", prompt: "hi", budgetUsd: 0.5, maxOutputTokens: 10 };
    const local = await encodeContent(input);
    const calls = fakeGateway(new Map(), { cid: local.cid.toString(), digest: local.digest });
    await expect(publishInput(input)).resolves.toEqual({ cid: local.cid.toString(), digest: local.digest });
    expect(calls[0]).toMatch(/^POST .*\/ipfs\?format=dag-json$/);
  });

  it("refuses a gateway that stored something else", async () => {
    fakeGateway(new Map(), { cid: SEEDED_CID, digest: SEEDED_DIGEST });
    await expect(publishInput({ prompt: "mine" })).rejects.toBeInstanceOf(ContentMismatchError);
  });
});
