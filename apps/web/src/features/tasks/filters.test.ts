import { describe, expect, it } from "vitest";
import { filterErrors, filtersToQuery, filterTasks, parseFilters } from "./filters";
import { FIXTURE_TASKS } from "./fixtures";

const ids = (filters: Parameters<typeof filterTasks>[1]) =>
  filterTasks(FIXTURE_TASKS, filters).map((t) => Number(t.id));

describe("task filters", () => {
  it("keeps every task without filters", () => {
    expect(ids({})).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("filters by state", () => {
    expect(ids({ state: "Accepted" })).toEqual([3, 6]);
    expect(ids({ state: "Disputed" })).toEqual([]);
  });

  it("filters by type", () => {
    expect(ids({ type: 2 })).toEqual([3, 6]);
    expect(ids({ type: 1 })).toEqual([1, 2, 4, 5]);
  });

  it("filters by domain", () => {
    expect(ids({ domain: 8 })).toEqual([3, 6]);
    expect(ids({ domain: 6 })).toEqual([2]);
  });

  it("filters by reward in ETH, inclusive, leaving token bounties out while a bound is set", () => {
    expect(ids({ min: "0.2" })).toEqual([1, 4, 5, 6]);
    expect(ids({ max: "0.2" })).toEqual([3, 5, 6]);
    expect(ids({ min: "0.1", max: "0.3" })).toEqual([4, 5, 6]);
  });

  it("combines filters", () => {
    expect(ids({ state: "Accepted", type: 2, min: "0.1" })).toEqual([6]);
  });

  it("names a malformed or inverted reward bound and ignores it when filtering", () => {
    expect(filterErrors({ min: "lots" }).min).toMatch(/amount in ETH/);
    expect(filterErrors({ min: "1", max: "0.5" }).max).toMatch(/below the minimum/);
    expect(filterErrors({ min: "0.1", max: "1" })).toEqual({});
    expect(ids({ min: "lots" })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("round-trips through the URL query and ignores unknown values", () => {
    const filters = { state: "Open" as const, type: 2, min: "0.1", max: "2", domain: 8 };
    expect(parseFilters(new URLSearchParams(filtersToQuery(filters)))).toEqual(filters);
    expect(parseFilters(new URLSearchParams("state=Nonsense&type=x&domain=-1"))).toEqual({
      state: undefined,
      type: undefined,
      min: undefined,
      max: undefined,
      domain: undefined,
    });
    expect(filtersToQuery({})).toBe("");
  });
});
