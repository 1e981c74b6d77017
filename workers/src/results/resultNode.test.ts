import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import { encodeNode } from "./cid.ts";
import { ContentStore } from "./contentStore.ts";
import { buildResultNode, MalformedResultNodeError, parseResultNode, RESULT_SCHEMA } from "./resultNode.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-result-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("result node", () => {
  it("builds a node that survives a store round trip with its links intact", async () => {
    const store = new ContentStore(dir);
    const input = await store.put({ scenario: "normal_operation" });
    const output = await store.put({ summary: { availability: 0.9999 } });
    const subtask = await encodeNode({ sub: 1 });
    const node = buildResultNode({
      chainId: 31337,
      escrow: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      taskId: 12n,
      agent: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      taskType: 2,
      input: input.cid,
      output: output.cid.toString(),
      routing: [{ step: "plan", service: "local", reason: undefined }],
      models: ["claude-sonnet", "claude-sonnet", "llama"],
      cost: { usd: 0.0125, inputTokens: 1200, outputTokens: 300 },
      subtasks: [subtask.cid],
      producedAt: 1_700_000_000,
    });
    assert.equal(node.schema, RESULT_SCHEMA);
    assert.equal(node.taskId, "12");
    assert.equal(node.escrow, "0x5FbDB2315678afecb367f032d93F642f64180aa3", "addresses are checksummed");
    assert.deepEqual(node.models, ["claude-sonnet", "llama"]);
    assert.deepEqual(node.routing, [{ step: "plan", service: "local" }]);

    const stored = await store.put(node);
    const back = parseResultNode(await store.getNode(stored.cid));
    assert.ok(CID.asCID(back.input)?.equals(input.cid));
    assert.ok(CID.asCID(back.output)?.equals(output.cid));
    assert.ok(CID.asCID(back.subtasks[0])?.equals(subtask.cid));
    assert.deepEqual(back.cost, { usd: 0.0125, inputTokens: 1200, outputTokens: 300 });
    // Same content, same CID: a result node is reproducible.
    assert.ok((await encodeNode(back)).cid.equals(stored.cid));
  });

  it("rejects malformed nodes, naming the fields", async () => {
    const link = (await encodeNode({ x: 1 })).cid;
    const good = buildResultNode({
      chainId: 1,
      escrow: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      taskId: "7",
      agent: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      taskType: 1,
      input: link,
      output: link,
    });
    assert.throws(
      () => parseResultNode({ ...good, taskId: "-1", output: "bafy-not-a-link", cost: { usd: -1 } }),
      (e: unknown) => {
        assert.ok(e instanceof MalformedResultNodeError);
        assert.match(e.message, /taskId/);
        assert.match(e.message, /output/);
        assert.match(e.message, /cost\.usd/);
        return true;
      },
    );
    assert.throws(() => parseResultNode({ ...good, schema: "aos/task-result/0" }), MalformedResultNodeError);
    assert.throws(() => parseResultNode({ ...good, agent: "0x123" }), /agent/);
    assert.throws(() => parseResultNode("not an object"), MalformedResultNodeError);
  });
});
