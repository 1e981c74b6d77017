"use client";
/** /tasks: every task of the escrow, filtered by state, type, reward and domain (kept in the URL). */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { AddressLink, Countdown, EmptyState, ErrorNote, SkeletonRows } from "@/components/ui";
import type { Dimension } from "@/data/dimensions";
import type { TaskSummary } from "@/data/tasks";
import { filterErrors, filtersToQuery, filterTasks, hasFilters, parseFilters, type TaskFilters } from "./filters";
import { prefetchTaskList, useChainClock, useDimensions, useTasks } from "./hooks";
import { FILTER_STATES, formatAmount, shortDimensionName, TYPE_NAMES, typeName } from "./labels";
import { TaskStateBadge } from "./TaskStateBadge";
import "./tasks.css";

prefetchTaskList();

/** What the server read for the first paint (absent when it could not reach the chain in time). */
export type TasksPageInitial = { tasks?: TaskSummary[]; dimensions?: Dimension[]; at: number };

function DeadlineCell({ task, offset }: { task: TaskSummary; offset: number }) {
  if (task.state === "Open" || task.state === "Claimed")
    return <Countdown until={task.deadline} offset={offset} done="deadline passed" />;
  if (task.state === "Submitted")
    return (
      <span>
        review: <Countdown until={task.reviewEndsAt} offset={offset} done="window closed" />
      </span>
    );
  return <span className="muted">settled</span>;
}

export function TasksPage({ initial }: { initial?: TasksPageInitial }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filters = useMemo(() => parseFilters(new URLSearchParams(search.toString())), [search]);
  const errors = filterErrors(filters);
  const tasks = useTasks(initial?.tasks, initial?.at);
  const dimensions = useDimensions(initial?.dimensions, initial?.at);
  const clock = useChainClock();

  const names = useMemo(() => new Map((dimensions.data ?? []).map((d) => [d.id, d.name])), [dimensions.data]);
  const domains = useMemo(() => (dimensions.data ?? []).filter((d) => d.kind === "Accuracy"), [dimensions.data]);
  const shown = useMemo(() => filterTasks(tasks.data ?? [], filters), [tasks.data, filters]);

  const update = useCallback(
    (patch: Partial<TaskFilters>) => {
      const query = filtersToQuery({ ...filters, ...patch });
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [filters, pathname, router],
  );

  const domainName = (id: number) => (names.has(id) ? shortDimensionName(String(names.get(id))) : `#${id}`);

  return (
    <div>
      <div className="page-header">
        <div>
          <h1>Tasks</h1>
          <p>
            Bounties locked in escrow. An agent with enough karma claims one, delivers a result, and is paid when it is
            accepted.
          </p>
        </div>
        <Link href="/tasks/new" className="button button-primary">
          Post a task
        </Link>
      </div>

      <form className="filters" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-state">State</label>
          <select
            id="filter-state"
            value={filters.state ?? ""}
            onChange={(e) => update({ state: (e.target.value || undefined) as TaskFilters["state"] })}
          >
            <option value="">Any state</option>
            {FILTER_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-type">Type</label>
          <select
            id="filter-type"
            value={filters.type ?? ""}
            onChange={(e) => update({ type: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">Any type</option>
            {Object.entries(TYPE_NAMES).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className={`field ${errors.min ? "field-error" : ""}`}>
          <label htmlFor="filter-min">Reward min (ETH)</label>
          <input
            id="filter-min"
            inputMode="decimal"
            size={8}
            value={filters.min ?? ""}
            placeholder="0"
            aria-invalid={Boolean(errors.min)}
            aria-describedby={errors.min ? "filter-min-error" : undefined}
            onChange={(e) => update({ min: e.target.value || undefined })}
          />
        </div>
        <div className={`field ${errors.max ? "field-error" : ""}`}>
          <label htmlFor="filter-max">Reward max (ETH)</label>
          <input
            id="filter-max"
            inputMode="decimal"
            size={8}
            value={filters.max ?? ""}
            placeholder="any"
            aria-invalid={Boolean(errors.max)}
            aria-describedby={errors.max ? "filter-max-error" : undefined}
            onChange={(e) => update({ max: e.target.value || undefined })}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-domain">Domain</label>
          <select
            id="filter-domain"
            value={filters.domain ?? ""}
            onChange={(e) => update({ domain: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">Any domain</option>
            {domains.map((d) => (
              <option key={d.id} value={d.id}>
                {domainName(d.id)}
              </option>
            ))}
          </select>
        </div>
        {hasFilters(filters) ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => router.replace(pathname, { scroll: false })}
          >
            Clear filters
          </button>
        ) : null}
      </form>
      <div className="filter-errors" aria-live="polite">
        {errors.min ? (
          <p id="filter-min-error" className="error-text small">
            Reward min: {errors.min}
          </p>
        ) : null}
        {errors.max ? (
          <p id="filter-max-error" className="error-text small">
            Reward max: {errors.max}
          </p>
        ) : null}
        {(filters.min || filters.max) && !errors.min && !errors.max ? (
          <p className="muted small">
            Reward bounds are in ETH, so tasks paid in a token are left out while they are set.
          </p>
        ) : null}
      </div>

      {tasks.isPending ? (
        <SkeletonRows rows={6} />
      ) : tasks.isError ? (
        <ErrorNote error={tasks.error} retry={() => tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <EmptyState
          title="No tasks yet"
          action={
            <Link href="/tasks/new" className="button button-primary">
              Post the first task
            </Link>
          }
        >
          Nobody has posted a task on this chain. Post the first task: lock a bounty and describe the work.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState
          title="No task matches these filters"
          action={
            <button
              type="button"
              className="button button-secondary"
              onClick={() => router.replace(pathname, { scroll: false })}
            >
              Clear filters
            </button>
          }
        >
          Widen the reward range or pick another state, type or domain.
        </EmptyState>
      ) : (
        <div className="table-wrap card task-table">
          <table>
            <caption className="visually-hidden">
              {shown.length} of {tasks.data.length} tasks
            </caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Bounty
                </th>
                <th scope="col">Type</th>
                <th scope="col">Domain</th>
                <th scope="col">Agent</th>
                <th scope="col">Deadline</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr key={t.id.toString()} data-testid="task-row" data-task-id={t.id.toString()}>
                  <td>
                    <Link href={`/tasks/${t.id}`}>Task #{t.id.toString()}</Link>
                    {t.parentId !== 0n ? (
                      <span className="muted small"> subtask of #{t.parentId.toString()}</span>
                    ) : null}
                  </td>
                  <td>
                    <TaskStateBadge state={t.state} />
                  </td>
                  <td className="num">{formatAmount(t.bounty, t.token)}</td>
                  <td>{typeName(t.taskType)}</td>
                  <td>{domainName(t.domain)}</td>
                  <td>{t.agent ? <AddressLink address={t.agent} /> : <span className="muted">unclaimed</span>}</td>
                  <td>
                    <DeadlineCell task={t} offset={clock.offset} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small task-count">
            Showing {shown.length} of {tasks.data.length} tasks.
          </p>
        </div>
      )}
    </div>
  );
}
