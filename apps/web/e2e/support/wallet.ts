/**
 * A test wallet for the dApp in a real browser: an EIP-1193 provider injected before any page
 * script runs, announced by EIP-6963 as "AOS Test Wallet" and also set as window.ethereum.
 *
 * The page holds no key. Every request goes to Node through one function exposed on the page:
 * Node answers the account and chain methods itself, signs transactions and messages with the
 * test key (viem's local account: nonce, gas and fees filled from the chain, then
 * eth_sendRawTransaction) and forwards every other method to the chain's JSON-RPC endpoint.
 * The chain never signs for it. Like a real wallet, it stays connected to the page's origin
 * across navigations once the page has asked for accounts.
 */
import type { Page } from "playwright-core";
import { createPublicClient, createWalletClient, defineChain, type Hex, hexToBigInt, http } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";

export const WALLET_NAME = "AOS Test Wallet";
export const WALLET_RDNS = "org.aos.testwallet";
const ICON = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0f172a"/><path d="M16 5l9 22h-4l-5-13-5 13H7z" fill="#38bdf8"/></svg>',
).toString("base64")}`;

type RpcError = { code: number; message: string; data?: unknown };
type Answer = { result: unknown } | { error: RpcError };

export type TestWallet = {
  /** The account the wallet holds now. */
  readonly address: `0x${string}`;
  /** Holds another key from now on and tells the page (accountsChanged), like switching accounts in a wallet. */
  switchAccount(key: Hex): Promise<void>;
  /** Every method the page asked for, in order (for assertions and failure messages). */
  readonly requests: string[];
  /** Transaction hashes the wallet sent. */
  readonly sent: Hex[];
};

/** Runs in the page, before its scripts: the provider, window.ethereum and the EIP-6963 announcement. */
function injected(info: { uuid: string; name: string; icon: string; rdns: string }) {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, value: unknown) => {
    for (const l of listeners.get(event) ?? []) {
      try {
        l(value);
      } catch (e) {
        console.error(e);
      }
    }
  };
  const provider = {
    isAosTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }) {
      const bridge = (window as unknown as { __aosTestWalletRequest: (m: string, p: string) => Promise<string> })
        .__aosTestWalletRequest;
      const answer = JSON.parse(await bridge(method, JSON.stringify(params ?? []))) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (answer.error) {
        const error = new Error(answer.error.message) as Error & { code: number; data?: unknown };
        error.code = answer.error.code;
        if (answer.error.data !== undefined) error.data = answer.error.data;
        throw error;
      }
      if (method === "eth_requestAccounts") emit("accountsChanged", answer.result);
      return answer.result;
    },
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  Object.defineProperty(window, "__aosTestWalletEmit", { value: emit });
  Object.defineProperty(window, "ethereum", { value: provider, configurable: true, writable: true });
  const detail = Object.freeze({ info: Object.freeze({ ...info }), provider });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  provider
    .request({ method: "eth_chainId" })
    .then((chainId) => emit("connect", { chainId }))
    .catch(() => undefined);
}

/** Walks a viem error's causes for the JSON-RPC code and revert data a wallet would pass on. */
function toRpcError(e: unknown): RpcError {
  let code = -32603;
  let data: unknown;
  let message = e instanceof Error ? (e as { shortMessage?: string }).shortMessage || e.message : String(e);
  for (let cur = e as { code?: unknown; data?: unknown; cause?: unknown; details?: string } | undefined; cur; ) {
    if (typeof cur.code === "number" && code === -32603) code = cur.code;
    if (data === undefined && typeof cur.data === "string") data = cur.data;
    if (cur.details && message.length < 20) message = cur.details;
    cur = cur.cause as typeof cur;
  }
  return { code, message, ...(data === undefined ? {} : { data }) };
}

/**
 * Installs the wallet on `page` (before its first navigation) holding `key`, for the chain at
 * `rpcUrl` with id `chainId`.
 */
export async function installWallet(
  page: Page,
  { rpcUrl, chainId, key }: { rpcUrl: string; chainId: number; key: Hex },
): Promise<TestWallet> {
  const chain = defineChain({
    id: chainId,
    name: "AOS test chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  let account: PrivateKeyAccount = privateKeyToAccount(key);
  const authorised = new Set<string>();
  const requests: string[] = [];
  const sent: Hex[] = [];
  const chainHex = `0x${chainId.toString(16)}`;
  const origin = () => {
    try {
      return new URL(page.url()).origin;
    } catch {
      return "";
    }
  };
  let rpcId = 0;

  async function forward(method: string, params: unknown[]): Promise<Answer> {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: RpcError };
    return body.error ? { error: body.error } : { result: body.result ?? null };
  }

  function requireAccount(from: unknown): RpcError | undefined {
    if (!authorised.has(origin())) return { code: 4100, message: "The test wallet is not connected to this site." };
    if (typeof from === "string" && from.toLowerCase() !== account.address.toLowerCase())
      return { code: 4100, message: `The test wallet holds ${account.address}, not ${from}.` };
    return undefined;
  }

  async function handle(method: string, params: unknown[]): Promise<Answer> {
    switch (method) {
      case "eth_requestAccounts":
        authorised.add(origin());
        return { result: [account.address] };
      case "eth_accounts":
        return { result: authorised.has(origin()) ? [account.address] : [] };
      case "eth_chainId":
        return { result: chainHex };
      case "net_version":
        return { result: String(chainId) };
      case "wallet_requestPermissions":
        authorised.add(origin());
        return { result: [{ parentCapability: "eth_accounts" }] };
      case "wallet_getPermissions":
        return { result: authorised.has(origin()) ? [{ parentCapability: "eth_accounts" }] : [] };
      case "wallet_revokePermissions":
        authorised.delete(origin());
        return { result: null };
      case "wallet_switchEthereumChain":
      case "wallet_addEthereumChain": {
        const wanted = String((params[0] as { chainId?: string } | undefined)?.chainId ?? "").toLowerCase();
        if (BigInt(wanted || "0") === BigInt(chainId)) return { result: null };
        return {
          error: { code: 4902, message: `The test wallet only knows chain ${chainId}, not ${wanted}.` },
        };
      }
      case "eth_sendTransaction": {
        const tx = (params[0] ?? {}) as Record<string, string | undefined>;
        const refused = requireAccount(tx.from);
        if (refused) return { error: refused };
        const big = (v: string | undefined) => (v === undefined ? undefined : hexToBigInt(v as Hex));
        const walletClient = createWalletClient({ account, chain, transport: http(rpcUrl) });
        const request = await walletClient.prepareTransactionRequest({
          account,
          chain,
          to: tx.to as Hex | undefined,
          data: (tx.data ?? tx.input) as Hex | undefined,
          value: big(tx.value),
          gas: big(tx.gas),
        });
        const serialized = await account.signTransaction(request as Parameters<typeof account.signTransaction>[0]);
        const hash = await publicClient.sendRawTransaction({ serializedTransaction: serialized });
        sent.push(hash);
        return { result: hash };
      }
      case "personal_sign": {
        const [message, from] = params as [Hex, string];
        const refused = requireAccount(from);
        if (refused) return { error: refused };
        return { result: await account.signMessage({ message: { raw: message } }) };
      }
      case "eth_signTypedData_v4": {
        const [from, json] = params as [string, string];
        const refused = requireAccount(from);
        if (refused) return { error: refused };
        const typed = (typeof json === "string" ? JSON.parse(json) : json) as {
          domain: Record<string, unknown>;
          types: Record<string, { name: string; type: string }[]>;
          primaryType: string;
          message: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return {
          result: await account.signTypedData({
            domain: typed.domain,
            types,
            primaryType: typed.primaryType,
            message: typed.message,
          } as Parameters<typeof account.signTypedData>[0]),
        };
      }
      case "eth_sign":
        return { error: { code: 4200, message: "The test wallet does not do eth_sign; use personal_sign." } };
      default:
        return forward(method, params);
    }
  }

  await page.exposeFunction("__aosTestWalletRequest", async (method: string, paramsJson: string) => {
    requests.push(method);
    let answer: Answer;
    try {
      answer = await handle(method, JSON.parse(paramsJson) as unknown[]);
    } catch (e) {
      answer = { error: toRpcError(e) };
    }
    return JSON.stringify(answer, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v));
  });
  await page.addInitScript(injected, { uuid: crypto.randomUUID(), name: WALLET_NAME, icon: ICON, rdns: WALLET_RDNS });

  return {
    get address() {
      return account.address;
    },
    requests,
    sent,
    async switchAccount(next: Hex) {
      account = privateKeyToAccount(next);
      if (!authorised.has(origin())) return;
      await page.evaluate(
        (address) =>
          (window as unknown as { __aosTestWalletEmit: (e: string, v: unknown) => void }).__aosTestWalletEmit(
            "accountsChanged",
            [address],
          ),
        account.address,
      );
    },
  };
}
