/** Everything the agent's processors share, built once by runtime/agentRuntime.ts. */
import type { AosAddresses } from "@aos/sdk";
import type { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrivateKeyAccount } from "viem";
import type { AosPublicClient } from "../chain/clients.ts";
import type { TxSender } from "../chain/txSender.ts";
import type { WorkerConfig } from "../config.ts";
import type { LlmService } from "../llm/registry.ts";
import type { Logger } from "../log.ts";
import type { ContentStore } from "../results/contentStore.ts";
import type { StatusBoard } from "./statusBoard.ts";

export interface AgentContext {
  readonly config: WorkerConfig;
  readonly chainId: number;
  readonly addresses: AosAddresses;
  readonly account: PrivateKeyAccount;
  readonly publicClient: AosPublicClient;
  readonly redis: Redis;
  /** `<prefix>:<chainId>:<account>`: the BullMQ prefix and the root of every key. */
  readonly namespace: string;
  /** The escrow's deployment block: where scans of its logs start. */
  readonly startBlock: bigint;
  readonly queues: { readonly tasks: Queue; readonly tx: Queue; readonly sim: Queue; readonly llm: Queue };
  readonly flows: FlowProducer;
  readonly status: StatusBoard;
  readonly store: ContentStore;
  readonly log: Logger;
  /** The LLM services this worker may call (cloud ones need their API key). */
  readonly llmServices: readonly LlmService[];
  /** The sender exists only in the process holding the key's lease. */
  sender?: TxSender;
  readonly count: (stage: string) => void;
}
