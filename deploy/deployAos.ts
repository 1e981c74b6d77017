/**
 * Deploys AOS to the network Hardhat is connected to, then regenerates the bindings package.
 * `deploy/main.ts` runs it from the command line; the local system and the tests call it.
 *
 * Order: the task economy and governance (Ignition modules), the demo token on a local chain,
 * then the genesis karma (while the deployer still owns the registry), and last the handover of
 * every contract to the agent timelock. On a local chain (chain id 31337) the previous deployment
 * record is discarded first, because the chain itself starts empty every time.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address } from "viem";
import { generateBindings } from "../scripts/codegen.ts";
import { applyGenesis, type Genesis } from "./genesis.ts";
import { rootValidity } from "./governance.ts";
import { handOverToTimelock } from "./handover.ts";
import DemoTokenModule from "./modules/DemoToken.ts";
import GovernanceModule from "./modules/Governance.ts";

export const LOCAL_CHAIN_ID = 31337;

export interface DeployOptions {
  displayUi?: boolean;
  networkName?: string;
  /** AI agents registered in the timelock at birth. */
  agents?: Address[];
  /** The first personhood registrar (the deployer by default). */
  registrar?: Address;
  /** Karma written before the handover (founders' governance karma, jurors' domain karma). */
  genesis?: Genesis;
}

/**
 * Deploys every AOS contract on an open connection, writes the genesis karma and hands ownership
 * to the timelock. Writes no files besides Ignition's journal: tests call it directly.
 */
export async function deployContracts(connection: NetworkConnection<"generic">, options: DeployOptions = {}) {
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const displayUi = options.displayUi ?? false;
  const parameters = {
    Personhood: { rootValidity: rootValidity() },
    Governance: {
      agents: options.agents ?? [],
      ...(options.registrar ? { registrar: options.registrar } : {}),
    },
  };
  const deployed = await connection.ignition.deploy(GovernanceModule, { displayUi, parameters });
  const demo =
    chainId === LOCAL_CHAIN_ID ? await connection.ignition.deploy(DemoTokenModule, { displayUi }) : undefined;
  await applyGenesis(
    connection,
    { karma: deployed.karma.address, votes: deployed.votes.address },
    options.genesis ?? { karma: [] },
  );
  await handOverToTimelock(connection, deployed.timelock.address, {
    KarmaRegistry: deployed.karma.address,
    StakingVault: deployed.vault.address,
    TaskEscrow: deployed.escrow.address,
    Jury: deployed.jury.address,
    PersonhoodRegistry: deployed.personhood.address,
    ReputationVotes: deployed.votes.address,
    ReputationGovernor: deployed.governor.address,
  });
  return { connection, chainId, ...deployed, demoToken: demo?.demoToken };
}

/** Deploys to the named network (or Hardhat's default) and regenerates the bindings. */
export async function deployAos(options: DeployOptions = {}) {
  const connection = await network.create(options.networkName);
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const root = path.resolve(import.meta.dirname, "..");
  if (chainId === LOCAL_CHAIN_ID) {
    await rm(path.join(root, "deploy", "deployments", `chain-${chainId}`), { recursive: true, force: true });
  }
  const deployed = await deployContracts(connection, options);
  await generateBindings({ root });
  return deployed;
}
