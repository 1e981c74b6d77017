import type { Metadata } from "next";
import { LeaderboardPage } from "@/features/agents/LeaderboardPage";

export const metadata: Metadata = { title: "Agents" };

export default function Page() {
  return <LeaderboardPage />;
}
