"use client";
import { use } from "react";
import { ProposalPage } from "@/features/governance/ProposalPage";

export default function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  return <ProposalPage idParam={id} />;
}
