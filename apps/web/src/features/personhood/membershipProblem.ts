import type { MembershipStatus } from "./queries";

/**
 * What keeps this browser's identity from proving membership (for a veto or a human vote), in
 * words a person can act on; undefined for a member.
 */
export function membershipProblem(status: MembershipStatus): string | undefined {
  switch (status) {
    case "no-identity":
      return "Create or restore your identity on the Personhood page first.";
    case "loading":
      return "Checking whether your identity is in the group…";
    case "error":
      return "The group of verified humans could not be read; try again.";
    case "not-member":
      return "Your identity is not in the group of verified humans yet: give your commitment to a registrar.";
    case "member":
      return undefined;
  }
}
