import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import GovernanceModule from "./Governance.ts";

/**
 * The last step of every deployment: each AOS contract offers its ownership to the agent
 * timelock (Ownable2Step) and the timelock accepts it (`claimOwnership` is permissionless but
 * can only complete an offer already made). Afterwards no account can change a parameter of any
 * AOS contract except through a batch the timelock executes; test/ts/governance.test.ts proves
 * it. The deployer keeps only the guardian role, which can pause and nothing else.
 */
export default buildModule("Handover", (m) => {
  const contracts = m.useModule(GovernanceModule);
  const { timelock } = contracts;
  const owned = {
    KarmaRegistry: contracts.karma,
    StakingVault: contracts.vault,
    TaskEscrow: contracts.escrow,
    Jury: contracts.jury,
    PersonhoodRegistry: contracts.personhood,
    ReputationVotes: contracts.votes,
    ReputationGovernor: contracts.governor,
  };
  for (const [name, contract] of Object.entries(owned)) {
    const offer = m.call(contract, "transferOwnership", [timelock], { id: `Offer_${name}` });
    m.call(timelock, "claimOwnership", [contract], { id: `Claim_${name}`, after: [offer] });
  }
  return contracts;
});
