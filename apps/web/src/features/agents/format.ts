import { formatUnits } from "viem";
import type { TokenInfo } from "@/data/agents";

/** "0.77 ETH", "250 aUSD": at most four decimals, trailing zeros dropped. */
export function formatAmount(amount: bigint, token: Pick<TokenInfo, "symbol" | "decimals">): string {
  const [whole = "0", fraction = ""] = formatUnits(amount, token.decimals).split(".");
  const short = fraction.slice(0, 4).replace(/0+$/, "");
  const tiny = amount > 0n && whole === "0" && short === "";
  return `${tiny ? "< 0.0001" : short ? `${whole}.${short}` : whole} ${token.symbol}`;
}

/** Karma 0..1 with two decimals. */
export function formatKarma(value: number): string {
  return value.toFixed(2);
}

/** A unix time (seconds) as a short local date and time. */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
