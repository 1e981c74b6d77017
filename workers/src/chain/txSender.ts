/**
 * Sends one key's transactions: one nonce manager for the key, fees bumped when a transaction
 * sits unmined, and a receipt awaited before the caller goes on. Only one process per key may run
 * a sender (the runtime holds a Redis lease for it), so the nonce sequence never forks.
 *
 * Safety of retries is the caller's job: each transaction job reads the on-chain state first and
 * does nothing when the effect is already there (see agent/txJobs.ts).
 */
import {
  type Abi,
  type ContractFunctionArgs,
  type ContractFunctionName,
  encodeFunctionData,
  type Hash,
  type Hex,
  keccak256,
  type TransactionReceipt,
} from "viem";
import type { Logger } from "../log.ts";
import type { AosPublicClient, AosWalletClient } from "./clients.ts";
import { describeError } from "./contractError.ts";

export class TxRevertedError extends Error {
  override name = "TxRevertedError";
  readonly hash: Hash;
  constructor(label: string, hash: Hash) {
    super(`${label}: transaction ${hash} was mined but reverted`);
    this.hash = hash;
  }
}

export class TxNotMinedError extends Error {
  override name = "TxNotMinedError";
}

export interface TxSenderOptions {
  readonly publicClient: AosPublicClient;
  readonly walletClient: AosWalletClient;
  readonly log: Logger;
  /** Re-sent with higher fees when unmined this long. */
  readonly bumpAfterMs?: number;
  readonly maxBumps?: number;
  /** Gives up waiting (the job retries, reading the chain first) after this long. */
  readonly receiptTimeoutMs?: number;
  readonly pollMs?: number;
  readonly onSent?: (label: string, outcome: "mined" | "reverted" | "failed" | "bumped") => void;
}

export interface ContractCall<abi extends Abi = Abi> {
  readonly address: `0x${string}`;
  readonly abi: abi;
  readonly functionName: string;
  readonly args?: readonly unknown[];
  readonly value?: bigint;
}

/** What nodes say when a nonce is already used (Hardhat/EDR, geth, Nethermind wordings). */
const NONCE_CONFLICT =
  /nonce too low|nonce.*lower than|already known|replacement transaction underpriced|nonce has already been used/i;

/** Replacement transactions must pay at least 10% more; we add 12.5%, as geth's txpool expects. */
const BUMP_NUMERATOR = 1125n;
const BUMP_DENOMINATOR = 1000n;

export class TxSender {
  readonly address: `0x${string}`;
  private nonce: number | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly o: Required<Omit<TxSenderOptions, "onSent">> & Pick<TxSenderOptions, "onSent">;
  private fees: { at: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;

  constructor(options: TxSenderOptions) {
    this.o = {
      ...options,
      bumpAfterMs: options.bumpAfterMs ?? 15_000,
      maxBumps: options.maxBumps ?? 3,
      receiptTimeoutMs: options.receiptTimeoutMs ?? 120_000,
      pollMs: options.pollMs ?? 25,
    };
    this.address = options.walletClient.account.address;
  }

  /** Serialises nonce assignment and sending (not the wait for receipts). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async currentFees() {
    const now = Date.now();
    if (!this.fees || now - this.fees.at > 2000) {
      const f = await this.o.publicClient.estimateFeesPerGas();
      this.fees = { at: now, maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas };
    }
    return this.fees;
  }

  /**
   * Estimates (which surfaces the contract's named revert before anything is signed), sends with
   * the next nonce, and waits for the receipt, bumping fees while it waits.
   */
  async send<const abi extends Abi>(label: string, call: ContractCall<abi>): Promise<TransactionReceipt> {
    const { walletClient } = this.o;
    const request = {
      account: walletClient.account,
      address: call.address,
      abi: call.abi as Abi,
      functionName: call.functionName as ContractFunctionName,
      args: (call.args ?? []) as ContractFunctionArgs,
      value: call.value ?? 0n,
    };
    // Another holder of the key (a requester's script, a wallet) may have used our next nonce:
    // re-read it from the chain and try again, a few times.
    let sent: Awaited<ReturnType<typeof this.sendOnce>> | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        sent = await this.sendOnce(label, request);
        break;
      } catch (e) {
        if (attempt >= 3 || !NONCE_CONFLICT.test(describeError(e) + String((e as Error).message))) throw e;
        this.o.log.debug({ label, attempt }, "nonce taken by another sender; re-reading it");
      }
    }
    if (!sent) throw new Error("unreachable: a sent transaction");
    this.o.log.debug({ label, hash: sent.hash, nonce: sent.nonce }, "transaction sent");
    return this.awaitReceipt(label, request, sent);
  }

  private sendOnce(label: string, request: Record<string, unknown> & { account: unknown }) {
    const { publicClient } = this.o;
    return this.exclusive(async () => {
      // By address, not by the local account: given the account, viem would prepare a whole
      // transaction (block, fees, nonce) just to estimate its gas.
      const gas = await publicClient.estimateContractGas({ ...request, account: this.address } as never);
      const fees = await this.currentFees();
      if (this.nonce === undefined)
        this.nonce = await publicClient.getTransactionCount({ address: this.address, blockTag: "pending" });
      const nonce = this.nonce;
      const gasLimit = (gas * 12n) / 10n;
      try {
        const hash = await this.signAndSend(request, { nonce, gas: gasLimit, ...fees });
        this.nonce = nonce + 1;
        return { hash, nonce, gasLimit, fees };
      } catch (e) {
        // We cannot know whether the node took it: read the nonce from the chain next time.
        this.nonce = undefined;
        this.o.onSent?.(label, "failed");
        throw e;
      }
    });
  }

  private async awaitReceipt(
    label: string,
    request: Record<string, unknown>,
    sent: { hash: Hash; nonce: number; gasLimit: bigint; fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } },
  ): Promise<TransactionReceipt> {
    const { publicClient } = this.o;
    const hashes: Hash[] = [sent.hash];
    let { maxFeePerGas, maxPriorityFeePerGas } = sent.fees;
    let bumps = 0;
    let lastSendAt = Date.now();
    const started = Date.now();
    for (;;) {
      for (const hash of hashes) {
        const receipt = await publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
        if (receipt) {
          if (receipt.status !== "success") {
            this.o.onSent?.(label, "reverted");
            throw new TxRevertedError(label, hash);
          }
          this.o.onSent?.(label, "mined");
          return receipt;
        }
      }
      const now = Date.now();
      if (now - started > this.o.receiptTimeoutMs)
        throw new TxNotMinedError(`${label}: not mined within ${this.o.receiptTimeoutMs} ms (nonce ${sent.nonce})`);
      if (bumps < this.o.maxBumps && now - lastSendAt > this.o.bumpAfterMs) {
        maxFeePerGas = (maxFeePerGas * BUMP_NUMERATOR) / BUMP_DENOMINATOR + 1n;
        maxPriorityFeePerGas = (maxPriorityFeePerGas * BUMP_NUMERATOR) / BUMP_DENOMINATOR + 1n;
        try {
          const hash = await this.signAndSend(request, {
            nonce: sent.nonce,
            gas: sent.gasLimit,
            maxFeePerGas,
            maxPriorityFeePerGas,
          });
          hashes.push(hash);
          bumps++;
          this.o.onSent?.(label, "bumped");
          this.o.log.warn({ label, nonce: sent.nonce, hash, maxFeePerGas: String(maxFeePerGas) }, "fees bumped");
        } catch (e) {
          // "nonce too low" means one of our hashes was mined meanwhile: the next poll finds it.
          this.o.log.debug({ label, error: describeError(e) }, "bump not accepted");
        }
        lastSendAt = now;
      }
      await new Promise((r) => setTimeout(r, this.o.pollMs));
    }
  }

  /**
   * Signs locally and sends the raw transaction: nonce, gas and fees are all known here, so the
   * wallet client's own preparation (a block, the nonce and the fees read again per transaction)
   * would only cost round trips.
   */
  private async signAndSend(
    request: Record<string, unknown>,
    tx: { nonce: number; gas: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ): Promise<Hash> {
    const { publicClient, walletClient } = this.o;
    const chainId = walletClient.chain?.id ?? (await publicClient.getChainId());
    const data = encodeFunctionData({
      abi: request.abi as Abi,
      functionName: request.functionName as string,
      args: request.args as readonly unknown[],
    });
    const { account } = walletClient;
    if (!account.signTransaction) throw new Error("TxSender signs locally: give it a key, not a node-held account");
    const serializedTransaction = await account.signTransaction({
      type: "eip1559",
      chainId,
      to: request.address as `0x${string}`,
      data,
      value: request.value as bigint,
      nonce: tx.nonce,
      gas: tx.gas,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    });
    // The hash is known before sending: if the node already has this very transaction (a
    // transport retry of a send that got through), that is success, not a nonce conflict to be
    // answered by sending the call again under a new nonce.
    const hash = keccak256(serializedTransaction);
    try {
      return await publicClient.sendRawTransaction({ serializedTransaction });
    } catch (e) {
      if (/already known/i.test(`${describeError(e)} ${(e as Error).message}`)) return hash;
      if (NONCE_CONFLICT.test(`${describeError(e)} ${(e as Error).message}`)) {
        const ours = await publicClient.getTransaction({ hash }).catch(() => undefined);
        if (ours) return hash;
      }
      throw e;
    }
  }

  /** Signs raw data with the sender's key (EIP-712 delegation messages use the account directly). */
  get account() {
    return this.o.walletClient.account;
  }

  /** For tests: the next nonce the sender will use, if known. */
  get pendingNonce(): number | undefined {
    return this.nonce;
  }
}

export type { Hex };
