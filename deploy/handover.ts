/**
 * The last step of every deployment: each AOS contract offers its ownership to the agent
 * timelock (Ownable2Step) and the timelock accepts it (`claimOwnership` is permissionless but can
 * only complete an offer already made). Afterwards no account can change a parameter of any AOS
 * contract except through a batch the timelock executes (test/ts/governance.test.ts proves it).
 * The deployer keeps only the guardian role, which can pause and nothing else.
 *
 * Plain transactions rather than an Ignition module: the genesis karma must be written between
 * the deployment and the handover, and on an in-process chain Ignition does not carry a
 * deployment from one `deploy` call to the next. Each step checks the chain first, so a
 * handover interrupted halfway is finished by running it again.
 */
import { agentTimelockAbi } from "@aos/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address } from "viem";

const ownable2StepAbi = [
  { type: "function", name: "owner", inputs: [], outputs: [{ type: "address" }], stateMutability: "view" },
  { type: "function", name: "pendingOwner", inputs: [], outputs: [{ type: "address" }], stateMutability: "view" },
  {
    type: "function",
    name: "transferOwnership",
    inputs: [{ name: "newOwner", type: "address" }],
    outputs: [],
    stateMutability: "nonpayable",
  },
] as const;

export class HandoverError extends Error {
  override name = "HandoverError";
}

export async function handOverToTimelock(
  connection: NetworkConnection<"generic">,
  timelock: Address,
  contracts: Record<string, Address>,
): Promise<void> {
  const publicClient = await connection.viem.getPublicClient();
  const [deployer] = await connection.viem.getWalletClients();
  if (!deployer) throw new HandoverError("handover: no deployer account");
  const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
  const confirm = async (hash: `0x${string}`, what: string) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new HandoverError(`handover: ${what} reverted (${hash})`);
  };
  for (const [name, address] of Object.entries(contracts)) {
    const owner = await publicClient.readContract({ address, abi: ownable2StepAbi, functionName: "owner" });
    if (same(owner, timelock)) continue;
    const pending = await publicClient.readContract({ address, abi: ownable2StepAbi, functionName: "pendingOwner" });
    if (!same(pending, timelock)) {
      if (!same(owner, deployer.account.address)) {
        throw new HandoverError(`handover: ${name} is owned by ${owner}, not by the deployer: cannot offer it`);
      }
      await confirm(
        await deployer.writeContract({
          address,
          abi: ownable2StepAbi,
          functionName: "transferOwnership",
          args: [timelock],
          chain: undefined,
        }),
        `${name}.transferOwnership`,
      );
    }
    await confirm(
      await deployer.writeContract({
        address: timelock,
        abi: agentTimelockAbi,
        functionName: "claimOwnership",
        args: [address],
        chain: undefined,
      }),
      `AgentTimelock.claimOwnership(${name})`,
    );
  }
}
