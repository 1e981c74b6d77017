"use client";
import { useQuery } from "@tanstack/react-query";
import { getHumanHouse, getPersonhoodGroup, getRegistrarStatus } from "@/data/personhood";
import { nullifierFor, type StoredIdentity } from "./identityStore";

/** The group of verified humans, with its leaves (refreshed with every query refresh). */
export function usePersonhoodGroup() {
  return useQuery({ queryKey: ["personhood", "group"], queryFn: getPersonhoodGroup });
}

export type MembershipStatus = "no-identity" | "loading" | "member" | "not-member" | "error";

/** Whether this browser's identity is in the group. */
export function useMembership(identity: StoredIdentity | null | undefined): MembershipStatus {
  const group = usePersonhoodGroup();
  if (identity === undefined) return "loading";
  if (identity === null) return "no-identity";
  if (group.isError && !group.data) return "error";
  if (!group.data) return "loading";
  const commitment = BigInt(identity.commitment);
  return group.data.members.includes(commitment) ? "member" : "not-member";
}

/** The nullifier this identity's proof in `scope` carries (computed here, nothing is sent). */
export function useNullifier(identity: StoredIdentity | null | undefined, scope: bigint | undefined) {
  return useQuery({
    queryKey: ["personhood", "nullifier", identity?.commitment, scope?.toString()],
    queryFn: () => nullifierFor(identity!.privateKey, scope!),
    enabled: Boolean(identity) && scope !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: false,
  });
}

export function useHumanHouse(proposalId: bigint) {
  return useQuery({
    queryKey: ["personhood", "humanHouse", proposalId.toString()],
    queryFn: () => getHumanHouse(proposalId),
  });
}

/** Whether the connected account is a registrar (nothing is read without an account). */
export function useRegistrarStatus(account: `0x${string}` | undefined) {
  return useQuery({
    queryKey: ["personhood", "registrar", account],
    queryFn: () => getRegistrarStatus(account!),
    enabled: Boolean(account),
  });
}
