/** Names and tones of task states and types, and amounts in words, shared by the task pages. */
import { TASK_STATES, TASK_TYPES, type TaskStateName } from "@aos/sdk";
import { formatUnits } from "viem";
import type { TokenInfo } from "@/data/tasks";

export const STATE_TONE: Record<TaskStateName, "neutral" | "good" | "warn" | "bad" | "info"> = {
  None: "neutral",
  Open: "info",
  Claimed: "warn",
  Submitted: "warn",
  Disputed: "bad",
  Accepted: "good",
  Rejected: "bad",
  Expired: "neutral",
  Cancelled: "neutral",
  Voided: "neutral",
};

/** The states a filter offers (None is never a real task's). */
export const FILTER_STATES: TaskStateName[] = TASK_STATES.filter((state) => state !== "None");

export const TYPE_NAMES: Record<number, string> = {
  [TASK_TYPES.llm]: "LLM pipeline",
  [TASK_TYPES.dcosSimulation]: "DCOS simulation",
  [TASK_TYPES.governanceSimulation]: "Governance simulation",
  [TASK_TYPES.humanTask]: "Human task",
};

export function typeName(taskType: number): string {
  return TYPE_NAMES[taskType] ?? `Type ${taskType}`;
}

/** "0.25 ETH", "250 aUSD": up to six significant decimals, no trailing zeros. */
export function formatAmount(amount: bigint, token: Pick<TokenInfo, "decimals" | "symbol">): string {
  const text = formatUnits(amount, token.decimals);
  const [whole, fraction = ""] = text.split(".");
  const trimmed = fraction.slice(0, 6).replace(/0+$/, "");
  const grouped = (whole ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${trimmed ? `.${trimmed}` : ""} ${token.symbol}`;
}

export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** "accuracy.code_review" -> "Code review"; "reliability.task_completion" -> "Task completion". */
export { dimensionLabel as shortDimensionName } from "@/data/dimensions";
