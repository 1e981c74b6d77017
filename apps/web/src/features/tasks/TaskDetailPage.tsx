"use client";
import { KARMA_ONE } from "@aos/sdk";
/** /tasks/[id]: one task, its story, its input and result, its delegation chain and its actions. */
import Link from "next/link";
import { AddressLink, Card, Countdown, EmptyState, ErrorNote, formatDuration, Skeleton } from "@/components/ui";
import { type ChainLink, type TaskDetail, TaskNotFoundError } from "@/data/tasks";
import { TaskInputView, TaskResultView } from "./ContentView";
import { useChainClock, useDimensions, useTaskDetail } from "./hooks";
import { formatAmount, formatTime, shortDimensionName, typeName } from "./labels";
import { TaskActions } from "./TaskActions";
import { TaskStateBadge } from "./TaskStateBadge";
import "./tasks.css";

function parseId(raw: string): bigint | undefined {
  return /^[1-9]\d{0,18}$/.test(raw) ? BigInt(raw) : undefined;
}

function Timeline({ task }: { task: TaskDetail }) {
  return (
    <ol className="timeline" aria-label="Timeline">
      {task.timeline.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id of their own; the order is fixed
        <li key={i} className={e.kind === "pending" ? "pending" : undefined} data-kind={e.kind}>
          <strong>{e.title}</strong>
          {e.kind === "pending" ? <span className="muted"> (to come)</span> : null}
          {e.time ? (
            <time className="timeline-time" dateTime={new Date(e.time * 1000).toISOString()}>
              {formatTime(e.time)}
            </time>
          ) : null}
          <span className="small timeline-detail">
            {e.detail}
            {e.amount !== undefined ? `: ${formatAmount(e.amount, task.token)}` : ""}
            {e.actor && e.kind !== "TaskExpired" ? (
              <>
                {" "}
                by <AddressLink address={e.actor} />
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function ChainRow({
  link,
  task,
  current,
  indent,
}: {
  link: ChainLink;
  task: TaskDetail;
  current?: boolean;
  indent: number;
}) {
  return (
    <li aria-current={current ? "true" : undefined}>
      <span className="chain-indent" style={{ paddingLeft: `${indent * 1.2}rem` }} aria-hidden>
        {indent > 0 ? "↳" : ""}
      </span>
      {current ? (
        <span>Task #{link.id.toString()} (this task)</span>
      ) : (
        <Link href={`/tasks/${link.id}`}>Task #{link.id.toString()}</Link>
      )}
      <TaskStateBadge state={link.state} testId={false} />
      <span className="muted small">
        {formatAmount(link.bounty, task.token)}
        {link.agent ? (
          <>
            , agent <AddressLink address={link.agent} />
          </>
        ) : null}
      </span>
    </li>
  );
}

function DelegationChain({ task }: { task: TaskDetail }) {
  if (task.parents.length === 0 && task.subtasks.length === 0)
    return (
      <p className="muted">
        No delegation: this task has no parent and its agent has funded no subtasks
        {task.maxDelegationDepth > 0 ? ` (up to ${task.maxDelegationDepth} layers allowed)` : ""}.
      </p>
    );
  const self: ChainLink = {
    id: task.id,
    state: task.state,
    bounty: task.bounty,
    requester: task.requester,
    agent: task.agent,
    depth: task.depth,
  };
  return (
    <ul className="chain-list" aria-label="Delegation chain">
      {task.parents.map((p, i) => (
        <ChainRow key={p.id.toString()} link={p} task={task} indent={i} />
      ))}
      <ChainRow link={self} task={task} current indent={task.parents.length} />
      {task.subtasks.map((s) => (
        <ChainRow key={s.id.toString()} link={s} task={task} indent={task.parents.length + 1} />
      ))}
    </ul>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true">
      <Skeleton height={40} width="40%" label="Loading the task" />
      <div className="grid-2" style={{ marginTop: "1rem" }}>
        <Skeleton height={260} />
        <Skeleton height={260} />
      </div>
    </div>
  );
}

export function TaskDetailPage({ id: rawId }: { id: string }) {
  const id = parseId(rawId);
  const query = useTaskDetail(id);
  const dimensions = useDimensions();
  const clock = useChainClock();

  if (id === undefined)
    return (
      <EmptyState title="This is not a task id" action={<Link href="/tasks">Back to the tasks</Link>}>
        Task ids are whole numbers from 1, such as /tasks/3.
      </EmptyState>
    );
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    if (query.error instanceof TaskNotFoundError)
      return (
        <EmptyState title={`There is no task #${rawId}`} action={<Link href="/tasks">Back to the tasks</Link>}>
          {query.error.message}
        </EmptyState>
      );
    return <ErrorNote error={query.error} retry={() => query.refetch()} />;
  }
  const task = query.data;
  const names = new Map((dimensions.data ?? []).map((d) => [d.id, d.name]));
  const dimName = (d: number) => (names.has(d) ? shortDimensionName(String(names.get(d))) : `Dimension #${d}`);

  return (
    <div>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/tasks">← All tasks</Link>
          </p>
          <h1>
            Task #{task.id.toString()} <TaskStateBadge state={task.state} />
          </h1>
          <p>
            {typeName(task.taskType)} · domain {dimName(task.domain)} · bounty {formatAmount(task.bounty, task.token)}
          </p>
        </div>
      </div>

      <div className="grid-2">
        <Card title="Summary">
          <dl className="task-facts">
            <div>
              <dt>Bounty</dt>
              <dd>{formatAmount(task.bounty, task.token)}</dd>
            </div>
            <div>
              <dt>Agent's stake</dt>
              <dd>
                {task.stake > 0n
                  ? formatAmount(task.stake, task.token)
                  : `${task.stakeBps / 100}% of the bounty on claim`}
              </dd>
            </div>
            <div>
              <dt>Requester</dt>
              <dd>
                <AddressLink address={task.requester} />
              </dd>
            </div>
            <div>
              <dt>Agent</dt>
              <dd>
                {task.agent ? <AddressLink address={task.agent} /> : <span className="muted">not claimed yet</span>}
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{task.createdAt ? formatTime(task.createdAt) : "—"}</dd>
            </div>
            <div>
              <dt>Deadline</dt>
              <dd>
                {formatTime(task.deadline)}
                {task.state === "Open" || task.state === "Claimed" ? (
                  <>
                    {" "}
                    (<Countdown until={task.deadline} offset={clock.offset} done="passed" />)
                  </>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Review window</dt>
              <dd>
                {formatDuration(task.reviewWindow)}
                {task.state === "Submitted" ? (
                  <>
                    {" "}
                    (<Countdown until={task.reviewEndsAt} offset={clock.offset} done="closed" />)
                  </>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Requirements</dt>
              <dd>
                {task.requirements.length === 0
                  ? "none"
                  : task.requirements
                      .map(
                        (r) => `${dimName(r.dimension)} ≥ ${(Number((r.minimum * 100n) / KARMA_ONE) / 100).toFixed(2)}`,
                      )
                      .join(", ")}
              </dd>
            </div>
          </dl>
          {task.dispute ? (
            <p className="small">
              Disputed {formatTime(task.dispute.openedAt)}: jury case #{task.dispute.caseId.toString()}, bond{" "}
              {formatAmount(task.dispute.bond, task.token)}.
            </p>
          ) : null}
        </Card>

        <Card title="Actions">
          {task.state === "Accepted" && task.agent && task.payment !== undefined ? (
            <p className="task-payment" data-testid="task-payment">
              Paid {formatAmount(task.payment, task.token)} to <AddressLink address={task.agent} />
            </p>
          ) : null}
          {clock.ready ? (
            <TaskActions task={task} now={clock.now} />
          ) : (
            <Skeleton height={40} label="Reading the chain's clock" />
          )}
        </Card>
      </div>

      <div className="grid-2">
        <Card title="Timeline">
          <Timeline task={task} />
        </Card>
        <Card title="Delegation chain">
          <DelegationChain task={task} />
        </Card>
      </div>

      <Card title="Input">
        <TaskInputView digest={task.inputHash} />
      </Card>
      <Card title="Result">
        {task.resultHash ? (
          <TaskResultView resultHash={task.resultHash} />
        ) : (
          <p className="muted">
            {task.state === "Open" || task.state === "Claimed"
              ? "No result yet: the agent submits one before the deadline."
              : "No result was submitted."}
          </p>
        )}
      </Card>
    </div>
  );
}
