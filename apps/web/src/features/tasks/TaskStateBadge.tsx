import type { TaskStateName } from "@aos/sdk";
import { STATE_TONE } from "./labels";

/** A task's state as a coloured badge (the word carries the meaning; colour only repeats it). */
export function TaskStateBadge({ state, testId = true }: { state: TaskStateName; testId?: boolean }) {
  return (
    <span
      className={`badge badge-${STATE_TONE[state]}`}
      data-testid={testId ? "task-state" : undefined}
      data-state={state}
    >
      {state}
    </span>
  );
}
