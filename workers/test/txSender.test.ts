/**
 * The transaction sender on a real local chain: nonces handed out one by one to parallel sends, a
 * reverting call refused at estimation without using a nonce, fees bumped while a transaction sits
 * unmined, a nonce taken by another holder of the key re-read, and a receipt that never comes.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { stakingVaultAbi } from "@aos/sdk";
import { type Hash, parseEther, type Transaction, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type AosPublicClient, type AosWalletClient, connectChain } from "../src/chain/clients.ts";
import { describeError, revertOf } from "../src/chain/contractError.ts";
import { TxNotMinedError, TxSender, type TxSenderOptions } from "../src/chain/txSender.ts";
import type { Logger } from "../src/log.ts";
import { type LocalChain, startLocalChain } from "./support/localChain.ts";

let chain: LocalChain;

before(async () => {
  chain = await startLocalChain();
});

after(async () => {
  await chain?.close();
});

type Outcome = "mined" | "reverted" | "failed" | "bumped";
type LogEntry = { level: string; fields: Record<string, unknown>; msg: string };

/** A logger that keeps what it is given (the sender logs hashes and nonces as it goes). */
function captureLog(onEntry?: (entry: LogEntry) => void) {
  const entries: LogEntry[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => {
    const entry = { level, fields, msg };
    entries.push(entry);
    onEntry?.(entry);
  };
  const log = {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
  } as unknown as Logger;
  return { log, entries };
}

/** A sender for dev account `index`, with the outcomes it reports and its log. */
async function senderFor(
  index: number,
  options: Partial<TxSenderOptions> = {},
  onLog?: (entry: LogEntry, publicClient: AosPublicClient) => void,
) {
  const key = chain.accounts[index]!.key;
  const { publicClient, walletClient } = await connectChain(chain.rpcUrl, privateKeyToAccount(key));
  assert.ok(walletClient);
  const outcomes: { label: string; outcome: Outcome }[] = [];
  const { log, entries } = captureLog(onLog && ((entry) => onLog(entry, publicClient)));
  const sender = new TxSender({
    publicClient,
    walletClient,
    log,
    ...options,
    onSent: (label, outcome) => {
      outcomes.push({ label, outcome });
      options.onSent?.(label, outcome);
    },
  });
  return { sender, publicClient, walletClient, outcomes, entries, address: walletClient.account.address };
}

const deposit = (value = parseEther("0.01")) => ({
  address: chain.addresses.stakingVault,
  abi: stakingVaultAbi,
  functionName: "deposit",
  value,
});

const rpc = (method: string, params: unknown[] = []) => chain.connection.provider.request({ method, params });

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const nonceOf = (publicClient: AosPublicClient, address: `0x${string}`) =>
  publicClient.getTransactionCount({ address, blockTag: "pending" });

describe("TxSender", () => {
  test("parallel sends get consecutive nonces and are all mined", async () => {
    const { sender, publicClient, outcomes, address } = await senderFor(10);
    const start = await nonceOf(publicClient, address);
    assert.equal(sender.pendingNonce, undefined, "the nonce is read on the first send");
    const before = await publicClient.readContract({
      address: chain.addresses.stakingVault,
      abi: stakingVaultAbi,
      functionName: "balanceOf",
      args: [address, zeroAddress],
    });

    const count = 6;
    const receipts = await Promise.all(
      Array.from({ length: count }, (_, i) => sender.send(`deposit ${i}`, deposit(parseEther("0.01")))),
    );

    for (const receipt of receipts) {
      assert.equal(receipt.status, "success");
      assert.equal(receipt.from.toLowerCase(), address.toLowerCase());
      assert.equal(receipt.to?.toLowerCase(), chain.addresses.stakingVault.toLowerCase());
    }
    const txs = await Promise.all(receipts.map((r) => publicClient.getTransaction({ hash: r.transactionHash })));
    const nonces = txs.map((t) => t.nonce).sort((a, b) => a - b);
    assert.deepEqual(
      nonces,
      Array.from({ length: count }, (_, i) => start + i),
      "nonces are consecutive from the account's pending nonce, none skipped or reused",
    );
    assert.equal(new Set(receipts.map((r) => r.transactionHash)).size, count);
    assert.equal(sender.pendingNonce, start + count);
    assert.equal(await nonceOf(publicClient, address), start + count);
    assert.equal(outcomes.length, count);
    assert.ok(outcomes.every((o) => o.outcome === "mined"));

    const afterDeposits = await publicClient.readContract({
      address: chain.addresses.stakingVault,
      abi: stakingVaultAbi,
      functionName: "balanceOf",
      args: [address, zeroAddress],
    });
    assert.equal(afterDeposits.free - before.free, parseEther("0.01") * BigInt(count));
  });

  test("a reverting call is refused at estimation with the contract's error and uses no nonce", async () => {
    const { sender, publicClient, outcomes, address } = await senderFor(11);
    // One send first, so that the sender has a nonce in hand.
    await sender.send("first deposit", deposit());
    const nonce = sender.pendingNonce;
    assert.equal(nonce, await nonceOf(publicClient, address));

    // Nothing has been requested for withdrawal: the vault says WithdrawalNotReady.
    let caught: unknown;
    await assert.rejects(
      sender.send("withdraw", {
        address: chain.addresses.stakingVault,
        abi: stakingVaultAbi,
        functionName: "withdraw",
        args: [zeroAddress],
      }),
      (e) => {
        caught = e;
        return true;
      },
    );
    const revert = revertOf(caught);
    assert.equal(revert?.name, "StakingVaultWithdrawalNotReady", describeError(caught));
    assert.equal(String(revert?.args[0]).toLowerCase(), address.toLowerCase());
    assert.equal(revert?.args[1], zeroAddress);
    assert.equal(Number(revert?.args[2]), 0, "readyAt: nothing pending");
    assert.match(describeError(caught), /^StakingVaultWithdrawalNotReady\(/);

    assert.equal(sender.pendingNonce, nonce, "the sender's nonce did not move");
    assert.equal(await nonceOf(publicClient, address), nonce, "nothing reached the chain");
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["mined"],
      "a refused estimate is neither sent nor reported as failed",
    );

    const receipt = await sender.send("next deposit", deposit());
    assert.equal(receipt.status, "success");
    const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.equal(tx.nonce, nonce, "the next send uses the nonce the refused call did not take");
    assert.equal(sender.pendingNonce, (nonce ?? 0) + 1);
  });

  test("fees are bumped while a transaction sits unmined, and the bumped one is mined", async () => {
    // Read the first transaction as soon as it is logged as sent (it leaves the pool once replaced).
    let firstTx: Promise<Transaction> | undefined;
    const { sender, publicClient, outcomes, entries, address } = await senderFor(
      12,
      { bumpAfterMs: 200, pollMs: 20, maxBumps: 3 },
      (entry, client) => {
        if (entry.msg === "transaction sent" && !firstTx)
          firstTx = client.getTransaction({ hash: entry.fields.hash as Hash });
      },
    );
    const start = await nonceOf(publicClient, address);

    await rpc("evm_setAutomine", [false]);
    let sending: Promise<unknown> | undefined;
    try {
      sending = sender.send("slow deposit", deposit());
      await until(() => outcomes.some((o) => o.outcome === "bumped"), "a bump");
      assert.ok(firstTx, "the first transaction was logged with its hash");
      const first = await firstTx;
      assert.equal(first.nonce, start);
      await rpc("evm_mine");
    } finally {
      await rpc("evm_setAutomine", [true]);
      if (sending) await Promise.resolve(sending).catch(() => undefined);
    }
    const receipt = await (sending as ReturnType<typeof sender.send>);
    assert.equal(receipt.status, "success");

    const first = await (firstTx as Promise<Transaction>);
    const mined = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.notEqual(mined.hash, first.hash, "the replacement, not the first transaction, was mined");
    assert.equal(mined.nonce, start, "the replacement reuses the nonce");
    assert.ok(first.maxFeePerGas !== undefined && mined.maxFeePerGas !== undefined);
    assert.ok(first.maxPriorityFeePerGas !== undefined && mined.maxPriorityFeePerGas !== undefined);
    assert.ok(
      mined.maxFeePerGas * 1000n >= first.maxFeePerGas * 1125n,
      `maxFeePerGas ${mined.maxFeePerGas} is at least 1.125 × ${first.maxFeePerGas}`,
    );
    assert.ok(mined.maxPriorityFeePerGas * 1000n >= first.maxPriorityFeePerGas * 1125n);

    const bumps = outcomes.filter((o) => o.outcome === "bumped").length;
    assert.ok(bumps >= 1 && bumps <= 3, `bumped ${bumps} times (at most maxBumps)`);
    assert.equal(outcomes.at(-1)?.outcome, "mined");
    assert.ok(entries.some((e) => e.level === "warn" && e.msg === "fees bumped" && e.fields.nonce === start));
    assert.equal(sender.pendingNonce, start + 1);
    assert.equal(await nonceOf(publicClient, address), start + 1);

    // The sender goes on normally once the chain mines again.
    const next = await sender.send("after bump", deposit());
    assert.equal(next.status, "success");
  });

  test("a nonce taken by another holder of the key is re-read and the send still succeeds", async () => {
    const { sender, publicClient, outcomes, entries, address } = await senderFor(13);
    await sender.send("first deposit", deposit());
    const cached = sender.pendingNonce;
    assert.equal(cached, await nonceOf(publicClient, address));

    // Another holder of the same key (a script, a wallet) sends with the next nonce.
    const other = await connectChain(chain.rpcUrl, privateKeyToAccount(chain.accounts[13]!.key));
    const otherWallet = other.walletClient as AosWalletClient;
    const otherHash = await otherWallet.sendTransaction({ to: chain.accounts[19]!.address, value: 1n });
    const otherReceipt = await publicClient.waitForTransactionReceipt({ hash: otherHash });
    assert.equal(otherReceipt.status, "success");
    assert.equal((await publicClient.getTransaction({ hash: otherHash })).nonce, cached);
    assert.equal(sender.pendingNonce, cached, "the sender does not know yet");

    const receipt = await sender.send("second deposit", deposit());
    assert.equal(receipt.status, "success");
    const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.equal(tx.nonce, (cached ?? 0) + 1, "the sender re-read the nonce from the chain");
    assert.equal(sender.pendingNonce, (cached ?? 0) + 2);
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["mined", "failed", "mined"],
      "the conflicting attempt is reported, then the retry is mined",
    );
    assert.ok(entries.some((e) => e.msg === "nonce taken by another sender; re-reading it"));
  });

  test("a receipt that does not come in time gives TxNotMinedError naming the nonce", async () => {
    const { sender, publicClient, address } = await senderFor(14, {
      receiptTimeoutMs: 300,
      pollMs: 20,
      maxBumps: 0,
    });
    const start = await nonceOf(publicClient, address);
    await rpc("evm_setAutomine", [false]);
    try {
      await assert.rejects(sender.send("stuck deposit", deposit()), (e) => {
        assert.ok(e instanceof TxNotMinedError);
        assert.match(e.message, new RegExp(`^stuck deposit: not mined within 300 ms \\(nonce ${start}\\)$`));
        return true;
      });
      assert.equal(sender.pendingNonce, start + 1, "the sent transaction keeps its nonce");
      await rpc("evm_mine");
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
    assert.equal(await publicClient.getTransactionCount({ address }), start + 1, "it was mined later");
    const next = await sender.send("after timeout", deposit());
    assert.equal(next.status, "success");
  });
});
