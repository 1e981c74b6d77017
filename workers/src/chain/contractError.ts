/** Names of contract reverts, so logs and status say `TaskEscrowDeadlinePassed`, not hex. */
import { BaseError, ContractFunctionRevertedError } from "viem";

/** The custom error's name (and args) if `e` is a decoded revert, else undefined. */
export function revertOf(e: unknown): { name: string; args: readonly unknown[] } | undefined {
  if (!(e instanceof BaseError)) return undefined;
  const reverted = e.walk((err) => err instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName)
    return { name: reverted.data.errorName, args: reverted.data.args ?? [] };
  return undefined;
}

/** True when the failure is the network (RPC down, timeout), not the chain saying no. */
export function isTransportError(e: unknown): boolean {
  if (!(e instanceof BaseError)) return false;
  return Boolean(
    e.walk((err) => {
      const name = (err as { name?: string }).name ?? "";
      return name === "HttpRequestError" || name === "TimeoutError" || name === "WebSocketRequestError";
    }),
  );
}

export function describeError(e: unknown): string {
  const revert = revertOf(e);
  if (revert) return `${revert.name}(${revert.args.map(String).join(", ")})`;
  if (e instanceof BaseError) return e.shortMessage;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
