import type { Metadata } from "next";
import { AgentProfilePage } from "@/features/agents/AgentProfilePage";

export async function generateMetadata({ params }: { params: Promise<{ address: string }> }): Promise<Metadata> {
  const { address } = await params;
  const value = decodeURIComponent(address);
  return { title: /^0x[0-9a-fA-F]{40}$/.test(value) ? `Agent ${value.slice(0, 6)}…${value.slice(-4)}` : "Agent" };
}

export default async function Page({ params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  return <AgentProfilePage address={address} />;
}
