/**
 * Deploys AOS and regenerates the bindings:
 *
 *   npx hardhat run deploy/main.ts --network <name>
 *
 * Every contract ends owned by the agent timelock. A real network needs its genesis (founders'
 * governance karma, agents, the first registrar): pass it through deployAos() from a script of
 * your own; this entry point deploys with none, which leaves governance without voters.
 */
import { deployAos } from "./deployAos.ts";

const deployed = await deployAos({ displayUi: true });
console.log(`AOS deployed on chain ${deployed.chainId}; every contract is owned by the AgentTimelock`);
console.table({
  KarmaRegistry: deployed.karma.address,
  StakingVault: deployed.vault.address,
  TaskEscrow: deployed.escrow.address,
  Jury: deployed.jury.address,
  PersonhoodRegistry: deployed.personhood.address,
  ReputationVotes: deployed.votes.address,
  ReputationGovernor: deployed.governor.address,
  AgentTimelock: deployed.timelock.address,
  ...(deployed.demoToken ? { DemoToken: deployed.demoToken.address } : {}),
});
