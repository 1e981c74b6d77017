/**
 * OpenZeppelin's Governor doing the governance work AOS's governor does, measured the same way
 * (gasUsed of real transactions on Hardhat's in-process chain): the yardstick of the governance
 * table of `npm run bench:gas`. The contracts are contracts/reference/OzGovernorReference.sol.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, type Hash, keccak256, parseEther, toHex } from "viem";

const HOUR = 3_600;
const DAY = 86_400;

export interface GovernorGas {
  propose: bigint;
  castVoteFirst: bigint;
  castVoteSecond: bigint;
  queue: bigint;
  execute: bigint;
}

export async function measureOzGovernor(connection: NetworkConnection<"generic">): Promise<GovernorGas> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [deployer, proposer, voter, second, ...holders] = await viem.getWalletClients();
  if (!deployer || !proposer || !voter || !second || holders.length < 4) throw new Error("need 8 accounts");
  const gasOf = async (sent: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await sent });
    if (receipt.status !== "success") throw new Error(`OZ reference: transaction ${receipt.transactionHash} reverted`);
    return receipt.gasUsed;
  };

  const token = await viem.deployContract("OzReferenceVotesToken", []);
  const timelock = await viem.deployContract("OzReferenceTimelock", [
    BigInt(2 * DAY),
    [],
    ["0x0000000000000000000000000000000000000000"],
    deployer.account.address,
  ]);
  const governor = await viem.deployContract("OzReferenceGovernor", [token.address, timelock.address, HOUR, DAY]);
  await gasOf(timelock.write.grantRole([await timelock.read.PROPOSER_ROLE(), governor.address]));
  await gasOf(timelock.write.grantRole([await timelock.read.CANCELLER_ROLE(), governor.address]));

  // Votes: the voter holds its own tokens and four holders delegate to it (OpenZeppelin's
  // delegation is one hop; AOS measures a chain of four). Everyone else self-delegates.
  for (const wallet of [proposer, voter, second, ...holders.slice(0, 4)]) {
    await gasOf(token.write.mint([wallet.account.address, parseEther("100")]));
  }
  for (const wallet of [proposer, voter, second]) {
    await gasOf(token.write.delegate([wallet.account.address], { account: wallet.account }));
  }
  for (const holder of holders.slice(0, 4)) {
    await gasOf(token.write.delegate([voter.account.address], { account: holder.account }));
  }
  await networkHelpers.time.increase(10);

  // One action: the timelock calls updateDelay on itself, as AOS's benchmark proposal calls a setter.
  const targets = [timelock.address];
  const values = [0n];
  const calldatas = [
    encodeFunctionData({
      abi: timelock.abi,
      functionName: "updateDelay",
      args: [BigInt(3 * DAY)],
    }),
  ];
  const description = "Raise the timelock delay to three days";
  const propose = await gasOf(
    governor.write.propose([targets, values, calldatas, description], { account: proposer.account }),
  );
  const descriptionHash = keccak256(toHex(description));
  const proposalId = await governor.read.hashProposal([targets, values, calldatas, descriptionHash]);
  await networkHelpers.time.increase(HOUR + 1);
  const castVoteFirst = await gasOf(governor.write.castVote([proposalId, 1], { account: voter.account }));
  const castVoteSecond = await gasOf(governor.write.castVote([proposalId, 1], { account: second.account }));
  await networkHelpers.time.increase(DAY + 1);
  const queue = await gasOf(governor.write.queue([targets, values, calldatas, descriptionHash]));
  await networkHelpers.time.increase(2 * DAY + 1);
  const execute = await gasOf(governor.write.execute([targets, values, calldatas, descriptionHash]));
  return { propose, castVoteFirst, castVoteSecond, queue, execute };
}
