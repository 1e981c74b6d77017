"use client";
import { GovernancePage } from "@/features/governance/GovernancePage";

export default function Page() {
  return <GovernancePage />;
}
