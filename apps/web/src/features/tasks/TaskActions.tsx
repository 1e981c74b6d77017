"use client";
/** The settlement actions of one task, each with the reason it cannot be used now. */
import { NATIVE_ASSET } from "@aos/sdk";
import { type Abi, erc20Abi } from "viem";
import { Button } from "@/components/ui";
import { contract } from "@/data/chain";
import type { TaskDetail } from "@/data/tasks";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { ACTION_LABELS, type ActionKey, taskActions } from "./actions";
import { useTokenStatus } from "./hooks";
import { formatAmount } from "./labels";

const FUNCTIONS: Record<ActionKey, string> = {
  accept: "accept",
  dispute: "dispute",
  finalize: "finalize",
  expire: "expire",
  cancel: "cancel",
};

const ORDER: ActionKey[] = ["accept", "dispute", "finalize", "expire", "cancel"];

export function TaskActions({ task, now }: { task: TaskDetail; now: number }) {
  const guard = useWriteGuard();
  const tx = useAosTransaction();
  const approval = useAosTransaction();
  const rules = taskActions(task, { account: guard.account, guardReason: guard.reason, now });
  const escrow = contract("TaskEscrow");
  const tokenBond = !task.token.native && rules.dispute.relevant;
  const tokenStatus = useTokenStatus(tokenBond ? task.token.address : undefined, guard.account);
  const bondShort = tokenBond && tokenStatus.data !== undefined && tokenStatus.data.allowance < task.disputeBond;
  const relevant = ORDER.filter((k) => rules[k].relevant);

  // The last transaction's outcome stays in view after it moved the task to where nothing is left to do.
  if (relevant.length === 0)
    return (
      <div>
        <p className="muted">
          {task.state === "Disputed"
            ? "The jury is deciding this dispute; nothing to do here until it rules."
            : "This task is settled: nothing left to do."}
        </p>
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </div>
    );

  const run = (key: ActionKey) => {
    const value = key === "dispute" && task.token.address === NATIVE_ASSET ? task.disputeBond : undefined;
    void tx.send(`${ACTION_LABELS[key]} (task #${task.id})`, {
      address: escrow.address,
      abi: escrow.abi as Abi,
      functionName: FUNCTIONS[key],
      args: [task.id],
      value,
    });
  };

  return (
    <div>
      {rules.dispute.relevant ? (
        <p className="muted small">
          A dispute posts a bond of {formatAmount(task.disputeBond, task.token)} (the agent's stake); a jury then rules.
        </p>
      ) : null}
      <div className="task-actions">
        {bondShort ? (
          <Button
            variant="secondary"
            busy={approval.isBusy}
            disabledReason={rules.dispute.disabledReason}
            onClick={() =>
              void approval.send(`Approve the ${task.token.symbol} bond`, {
                address: task.token.address,
                abi: erc20Abi as Abi,
                functionName: "approve",
                args: [escrow.address, task.disputeBond],
              })
            }
          >
            Approve bond
          </Button>
        ) : null}
        {relevant.map((key) => (
          <Button
            key={key}
            variant={key === "accept" ? "primary" : key === "dispute" || key === "cancel" ? "danger" : "secondary"}
            busy={tx.isBusy && tx.state.label?.startsWith(ACTION_LABELS[key])}
            disabledReason={
              rules[key].disabledReason ??
              (key === "dispute" && bondShort ? `Approve the ${task.token.symbol} bond first.` : undefined) ??
              (tx.isBusy ? "Another transaction is in progress." : undefined)
            }
            onClick={() => run(key)}
          >
            {ACTION_LABELS[key]}
          </Button>
        ))}
      </div>
      {bondShort ? <TxStatus state={approval.state} onDismiss={approval.reset} /> : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
