"use client";
import { NewProposalPage } from "@/features/governance/NewProposalPage";

export default function Page() {
  return <NewProposalPage />;
}
