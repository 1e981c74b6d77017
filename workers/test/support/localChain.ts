/**
 * A deployed AOS on Hardhat's chain (EDR, in this process), served over real HTTP JSON-RPC so
 * that workers, CLIs and child processes talk to it exactly as they talk to a node. The HTTP
 * endpoint can be taken down and brought back (`setReachable`) to test an RPC outage.
 *
 * Only tests use this; `npm start` runs `hardhat node` instead.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Hex, parseEther, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { deployContracts } from "../../../deploy/deployAos.ts";

/** Hardhat's public development mnemonic: its keys are known to everyone, local chains only. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export interface DevAccount {
  readonly address: `0x${string}`;
  readonly key: Hex;
}

export type LocalChain = Awaited<ReturnType<typeof startLocalChain>>;

export interface LocalChainOptions {
  /** Genesis karma for accounts (index into the dev accounts, dimension id, value 0..1). */
  readonly karma?: readonly { account: number; dimension: number; value: string }[];
  /** Deploy the governance contracts' agents (indices). */
  readonly agents?: readonly number[];
}

export function devAccount(index: number): DevAccount {
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for dev account ${index}`);
  return { address: account.address, key: toHex(key) };
}

export async function startLocalChain(options: LocalChainOptions = {}) {
  const connection: NetworkConnection<"generic"> = await network.create();
  const accounts = Array.from({ length: 20 }, (_, i) => devAccount(i));
  const deployed = await deployContracts(connection, {
    agents: (options.agents ?? []).map((i) => accounts[i]!.address),
    genesis: {
      karma: (options.karma ?? []).map((k) => ({
        account: accounts[k.account]!.address,
        dimension: k.dimension,
        value: parseEther(k.value),
      })),
    },
  });
  const addresses = {
    karmaRegistry: deployed.karma.address,
    stakingVault: deployed.vault.address,
    taskEscrow: deployed.escrow.address,
    jury: deployed.jury.address,
  };

  let reachable = true;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (!reachable) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void answer(Buffer.concat(chunks).toString("utf8")).then((body) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  type RpcCall = { id?: unknown; method: string; params?: unknown[] };
  /** Calls per JSON-RPC method, for benchmarks that want to know where the chain's time goes. */
  const calls = new Map<string, number>();
  async function one(call: RpcCall) {
    calls.set(call.method, (calls.get(call.method) ?? 0) + 1);
    try {
      const result = await connection.provider.request({ method: call.method, params: call.params ?? [] });
      return { jsonrpc: "2.0", id: call.id ?? null, result };
    } catch (e) {
      const error = e as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: call.id ?? null,
        error: { code: error.code ?? -32603, message: error.message ?? String(e), data: error.data },
      };
    }
  }
  async function answer(body: string): Promise<string> {
    let parsed: RpcCall | RpcCall[];
    try {
      parsed = JSON.parse(body) as RpcCall | RpcCall[];
    } catch {
      return JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
    }
    const replies = Array.isArray(parsed) ? await Promise.all(parsed.map(one)) : await one(parsed);
    return JSON.stringify(replies, (_k, v: unknown) => (typeof v === "bigint" ? toHex(v) : v));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chainId = deployed.chainId;

  return {
    connection,
    deployed,
    rpcUrl,
    chainId,
    addresses,
    demoToken: deployed.demoToken?.address,
    accounts,
    /** JSON-RPC calls served so far, per method. */
    rpcCalls: () => Object.fromEntries(calls),
    /** Take the HTTP endpoint down (connections dropped) or bring it back. */
    setReachable(value: boolean) {
      reachable = value;
      if (!value) for (const s of sockets) s.destroy();
    },
    /** Moves the chain's clock forward and mines a block. */
    async increaseTime(seconds: number) {
      await connection.networkHelpers.time.increase(seconds);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
