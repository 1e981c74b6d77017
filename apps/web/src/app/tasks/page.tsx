import type { Metadata } from "next";
import { Suspense } from "react";
import { SkeletonRows } from "@/components/ui";
import { TasksPage } from "@/features/tasks/TasksPage";

export const metadata: Metadata = { title: "Tasks" };

export default function Page() {
  // The filters live in the query string, read on the client.
  return (
    <Suspense fallback={<SkeletonRows rows={6} />}>
      <TasksPage />
    </Suspense>
  );
}
