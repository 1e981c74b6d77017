/**
 * The task list's filters, kept in the URL query so that a filtered list can be shared and
 * survives a reload: ?state=Open&type=2&min=0.1&max=1&domain=8.
 */
import type { TaskStateName } from "@aos/sdk";
import { parseUnits } from "viem";
import type { TaskSummary } from "@/data/tasks";
import { FILTER_STATES } from "./labels";

export type TaskFilters = {
  state?: TaskStateName;
  type?: number;
  /** Reward bounds in ETH, as typed (applied to native-asset bounties). */
  min?: string;
  max?: string;
  domain?: number;
};

export type FilterErrors = Partial<Record<"min" | "max", string>>;

function positiveInt(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Filters from a query string; unknown or malformed values are ignored. */
export function parseFilters(query: URLSearchParams): TaskFilters {
  const state = query.get("state");
  return {
    state: FILTER_STATES.includes(state as TaskStateName) ? (state as TaskStateName) : undefined,
    type: positiveInt(query.get("type")),
    min: query.get("min") || undefined,
    max: query.get("max") || undefined,
    domain: positiveInt(query.get("domain")),
  };
}

/** The query string for filters (empty values dropped), without the leading "?". */
export function filtersToQuery(filters: TaskFilters): string {
  const query = new URLSearchParams();
  if (filters.state) query.set("state", filters.state);
  if (filters.type !== undefined) query.set("type", String(filters.type));
  if (filters.min) query.set("min", filters.min);
  if (filters.max) query.set("max", filters.max);
  if (filters.domain !== undefined) query.set("domain", String(filters.domain));
  return query.toString();
}

function parseEth(value: string | undefined): bigint | undefined | Error {
  if (!value) return undefined;
  if (!/^\d*\.?\d+$|^\d+\.$/.test(value.trim())) return new Error("Enter an amount in ETH, such as 0.5.");
  try {
    return parseUnits(value.trim(), 18);
  } catch {
    return new Error("Enter an amount in ETH, such as 0.5.");
  }
}

/** What is wrong with the reward bounds, per field. */
export function filterErrors(filters: TaskFilters): FilterErrors {
  const errors: FilterErrors = {};
  const min = parseEth(filters.min);
  const max = parseEth(filters.max);
  if (min instanceof Error) errors.min = min.message;
  if (max instanceof Error) errors.max = max.message;
  if (typeof min === "bigint" && typeof max === "bigint" && min > max) errors.max = "The maximum is below the minimum.";
  return errors;
}

export function hasFilters(filters: TaskFilters): boolean {
  return filtersToQuery(filters) !== "";
}

/**
 * The tasks that pass the filters. Reward bounds are in ETH, so they apply to ETH bounties only:
 * a token bounty has no ETH value to compare and is left out when a bound is set. Malformed
 * bounds are ignored (the form names them).
 */
export function filterTasks(tasks: readonly TaskSummary[], filters: TaskFilters): TaskSummary[] {
  const min = parseEth(filters.min);
  const max = parseEth(filters.max);
  const minWei = typeof min === "bigint" ? min : undefined;
  const maxWei = typeof max === "bigint" ? max : undefined;
  return tasks.filter((t) => {
    if (filters.state && t.state !== filters.state) return false;
    if (filters.type !== undefined && t.taskType !== filters.type) return false;
    if (filters.domain !== undefined && t.domain !== filters.domain) return false;
    if (minWei !== undefined || maxWei !== undefined) {
      if (!t.token.native) return false;
      if (minWei !== undefined && t.bounty < minWei) return false;
      if (maxWei !== undefined && t.bounty > maxWei) return false;
    }
    return true;
  });
}
