/**
 * Which settlement actions a task offers and, for each, why it cannot be used now. Pure: the
 * detail page passes the task, the connected account (with the wallet guard's reason) and the
 * chain's clock, and renders the answer; the tests check the rules directly.
 *
 * The escrow's rules (contracts/escrow/TaskEscrow.sol):
 * - accept: requester, Submitted (the page also asks for the review window to be open: after it,
 *   Finalise settles the same way and anyone may call it);
 * - dispute: requester, Submitted, now <= reviewEndsAt, posting a bond equal to the claim's stake;
 * - finalize: anyone, Submitted, now > reviewEndsAt;
 * - expire: anyone, Open or Claimed, now > deadline;
 * - cancel: requester, Open.
 */
import type { TaskStateName } from "@aos/sdk";
import { formatTime } from "./labels";

export type ActionKey = "accept" | "dispute" | "finalize" | "expire" | "cancel";

export type ActionRule = {
  /** Whether the action belongs to the task's state at all (irrelevant ones are not shown). */
  relevant: boolean;
  /** Why it cannot be used now; undefined when it can. */
  disabledReason?: string;
};

export type ActionTask = {
  state: TaskStateName;
  requester: string;
  deadline: number;
  reviewEndsAt: number;
};

export type ActionContext = {
  /** The connected account, if any. */
  account?: string;
  /** The wallet guard's reason (not connected, wrong network), if any. */
  guardReason?: string;
  /** The chain's clock, unix seconds. */
  now: number;
};

export const ACTION_LABELS: Record<ActionKey, string> = {
  accept: "Accept result",
  dispute: "Dispute",
  finalize: "Finalise",
  expire: "Expire",
  cancel: "Cancel task",
};

const same = (a?: string, b?: string) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());

export function taskActions(task: ActionTask, ctx: ActionContext): Record<ActionKey, ActionRule> {
  const isRequester = same(ctx.account, task.requester);
  const submitted = task.state === "Submitted";
  const windowOpen = ctx.now <= task.reviewEndsAt;
  const expirable = task.state === "Open" || task.state === "Claimed";
  const notRequester = (what: string) =>
    ctx.account && !isRequester ? `Only the requester can ${what}; you are connected with another account.` : undefined;

  const pick = (...reasons: (string | undefined | false)[]) => reasons.find(Boolean) || undefined;

  return {
    accept: {
      relevant: submitted,
      disabledReason: pick(
        submitted && !windowOpen && "The review window has closed: use Finalise, which pays the agent the same way.",
        ctx.guardReason,
        notRequester("accept the result"),
      ),
    },
    dispute: {
      relevant: submitted,
      disabledReason: pick(
        submitted &&
          !windowOpen &&
          `The review window closed at ${formatTime(task.reviewEndsAt)}: it is too late to dispute.`,
        ctx.guardReason,
        notRequester("dispute the result"),
      ),
    },
    finalize: {
      relevant: submitted,
      disabledReason: pick(
        submitted &&
          windowOpen &&
          `The review window is open until ${formatTime(task.reviewEndsAt)}; the requester may still accept or dispute.`,
        ctx.guardReason,
      ),
    },
    expire: {
      relevant: expirable,
      disabledReason: pick(
        expirable && ctx.now <= task.deadline && `The deadline (${formatTime(task.deadline)}) has not passed yet.`,
        ctx.guardReason,
      ),
    },
    cancel: {
      relevant: task.state === "Open",
      disabledReason: pick(ctx.guardReason, notRequester("cancel the task")),
    },
  };
}
