/**
 * Genesis: the karma a deployment starts from, written while the deployer still owns the
 * contracts, before ownership passes to the timelock for good.
 *
 * Governance weighs votes by the governance dimension of the karma registry, which only
 * governance itself (proposal feedback, vetoes) moves afterwards; a network therefore needs
 * founders with some governance karma, or nobody could ever propose. Jurors need domain karma
 * for the same reason. Values are written exactly: the EMA rate is set to 1 for the genesis
 * writes and put back afterwards.
 */
import { karmaRegistryAbi, reputationVotesAbi } from "@aos/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash } from "viem";

export const GOVERNANCE_DIMENSION = 4;
const WAD = 10n ** 18n;

export interface KarmaGrant {
  account: Address;
  dimension: number;
  /** Fixed-point value in [0, 1e18]. */
  value: bigint;
}

export interface Genesis {
  karma: KarmaGrant[];
}

export class GenesisError extends Error {
  override name = "GenesisError";
}

export async function applyGenesis(
  connection: NetworkConnection<"generic">,
  contracts: { karma: Address; votes: Address },
  genesis: Genesis,
): Promise<void> {
  for (const grant of genesis.karma) {
    if (grant.value < 0n || grant.value > WAD) {
      throw new GenesisError(`genesis: karma value ${grant.value} for ${grant.account} is outside [0, 1e18]`);
    }
  }
  if (genesis.karma.length === 0) return;
  const publicClient = await connection.viem.getPublicClient();
  const [deployer] = await connection.viem.getWalletClients();
  if (!deployer) throw new GenesisError("genesis: no deployer account");
  const send = async (hash: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new GenesisError(`genesis: transaction ${receipt.transactionHash} reverted`);
  };
  const karma = { address: contracts.karma, abi: karmaRegistryAbi } as const;
  const alpha = await publicClient.readContract({ ...karma, functionName: "alpha" });
  const me = deployer.account.address;
  await send(deployer.writeContract({ ...karma, functionName: "setUpdater", args: [me, true], chain: undefined }));
  await send(deployer.writeContract({ ...karma, functionName: "setAlpha", args: [WAD], chain: undefined }));
  for (const grant of genesis.karma) {
    await send(
      deployer.writeContract({
        ...karma,
        functionName: "recordOutcome",
        args: [grant.account, grant.dimension, grant.value, WAD],
        chain: undefined,
      }),
    );
  }
  await send(deployer.writeContract({ ...karma, functionName: "setAlpha", args: [alpha], chain: undefined }));
  await send(deployer.writeContract({ ...karma, functionName: "setUpdater", args: [me, false], chain: undefined }));
  const voters = [...new Set(genesis.karma.filter((g) => g.dimension === GOVERNANCE_DIMENSION).map((g) => g.account))];
  if (voters.length > 0) {
    await send(
      deployer.writeContract({
        address: contracts.votes,
        abi: reputationVotesAbi,
        functionName: "syncMany",
        args: [voters],
        chain: undefined,
      }),
    );
  }
}
