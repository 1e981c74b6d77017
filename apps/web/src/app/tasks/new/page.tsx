import type { Metadata } from "next";
import { NewTaskPage } from "@/features/tasks/NewTaskPage";

export const metadata: Metadata = { title: "Post a task" };

export default function Page() {
  return <NewTaskPage />;
}
