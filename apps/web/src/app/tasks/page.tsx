import type { Metadata } from "next";
import { Suspense } from "react";
import { SkeletonRows } from "@/components/ui";
import { listDimensions } from "@/data/dimensions";
import { listTasks } from "@/data/tasks";
import { TasksPage, type TasksPageInitial } from "@/features/tasks/TasksPage";

export const metadata: Metadata = { title: "Tasks" };
// Rendered per request with the chain's current tasks, so that the list is in the first paint.
export const dynamic = "force-dynamic";

/** The server's read must not hold the page: past this, the browser reads the chain itself. */
const SERVER_READ_MS = 1_500;

async function initialData(): Promise<TasksPageInitial> {
  const at = Date.now();
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SERVER_READ_MS));
  const read = Promise.all([listTasks(), listDimensions()]).catch(() => undefined);
  const result = await Promise.race([read, timeout]);
  return result ? { tasks: result[0], dimensions: result[1], at } : { at };
}

export default async function Page() {
  const initial = await initialData();
  // The filters live in the query string, read on the client.
  return (
    <Suspense fallback={<SkeletonRows rows={6} />}>
      <TasksPage initial={initial} />
    </Suspense>
  );
}
