"use client";
// Placeholder until the timelock feature lands: the governance page renders this list.
export function AgentRequests() {
  return <p className="muted">Agent requests are loading…</p>;
}
