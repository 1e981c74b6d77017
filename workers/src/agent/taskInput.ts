/** A task's input: its CID from the on-chain digest, the block from the store or a gateway, verified. */
import { cidFromDigest, decodeNode } from "../results/cid.ts";
import type { ContentStore } from "../results/contentStore.ts";
import { fetchVerified } from "../results/fetchNode.ts";

/** Inputs larger than this are refused before decoding. */
export const MAX_INPUT_BYTES = 1 << 20;

export async function loadTaskInput(
  ctx: { store: ContentStore; config: { store: { gateways: string[] } } },
  digest: `0x${string}`,
): Promise<{ cid: ReturnType<typeof cidFromDigest>; value: unknown }> {
  const cid = cidFromDigest(digest);
  const { bytes } = await fetchVerified(cid, {
    store: ctx.store,
    gateways: ctx.config.store.gateways,
    maxBytes: MAX_INPUT_BYTES,
    timeoutMs: 10_000,
  });
  return { cid, value: decodeNode(bytes) };
}
