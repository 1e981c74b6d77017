import { deployments } from "./generated/deployments.ts";

export type AosContractName =
  | "KarmaRegistry"
  | "StakingVault"
  | "TaskEscrow"
  | "Jury"
  | "PersonhoodRegistry"
  | "ReputationVotes"
  | "ReputationGovernor"
  | "AgentTimelock"
  | "DemoToken";
export type AosDeployment = { address: `0x${string}`; startBlock: number };

/** Raised when the bindings hold no deployment of a contract on a chain. */
export class AosNotDeployedError extends Error {
  override name = "AosNotDeployedError";
  readonly chainId: number;
  readonly contract: AosContractName;
  constructor(chainId: number, contract: AosContractName) {
    super(
      `AOS ${contract} is not deployed on chain ${chainId}. Deploy it (npx hardhat run deploy/main.ts --network <name>) so that the bindings record its address, or connect to a chain that has it.`,
    );
    this.chainId = chainId;
    this.contract = contract;
  }
}

/** The chains the bindings know a deployment for. */
export function deployedChainIds(): number[] {
  return Object.keys(deployments).map(Number);
}

/** Address and start block of an AOS contract on a chain, from the generated deployments. */
export function getDeployment(chainId: number, contract: AosContractName): AosDeployment {
  const chain = (deployments as Record<string, Partial<Record<AosContractName, AosDeployment>>>)[String(chainId)];
  const deployment = chain?.[contract];
  if (!deployment) throw new AosNotDeployedError(chainId, contract);
  return deployment;
}

/** All AOS addresses on a chain. */
export function getAddresses(chainId: number) {
  return {
    karmaRegistry: getDeployment(chainId, "KarmaRegistry").address,
    stakingVault: getDeployment(chainId, "StakingVault").address,
    taskEscrow: getDeployment(chainId, "TaskEscrow").address,
    jury: getDeployment(chainId, "Jury").address,
  };
}

/** The governance contracts on a chain: personhood, vote ledger, governor and agent timelock. */
export function getGovernanceAddresses(chainId: number) {
  return {
    personhoodRegistry: getDeployment(chainId, "PersonhoodRegistry").address,
    reputationVotes: getDeployment(chainId, "ReputationVotes").address,
    reputationGovernor: getDeployment(chainId, "ReputationGovernor").address,
    agentTimelock: getDeployment(chainId, "AgentTimelock").address,
  };
}
