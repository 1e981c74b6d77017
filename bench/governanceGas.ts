/**
 * Gas of AOS governance on the deployment of deploy/ (genesis, handover and all), with a real
 * Semaphore proof for the veto, measured from transaction receipts like the escrow table.
 */
import {
  agentTimelockAbi,
  karmaRegistryAbi,
  personhoodRegistryAbi,
  proposalIdFromLogs,
  reputationGovernorAbi,
  reputationVotesAbi,
} from "@aos/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, type Hash, parseEther } from "viem";
import { deployContracts } from "../deploy/deployAos.ts";
import { endProofWorkers, groupOf, identitiesFromSeed, proveMembership } from "../test/support/semaphore.ts";

const DAY = 86_400;
const GOVERNANCE = 4;

export interface AosGovernanceGas {
  proposeFirst: bigint;
  proposeSteady: bigint;
  proposeWithHumans: bigint;
  castVoteChain4: bigint;
  castVoteSecond: bigint;
  castVoteOverride: bigint;
  humanVote: bigint;
  delegate: bigint;
  queue: bigint;
  execute: bigint;
  submitRequest: bigint;
  veto: bigint;
  vetoMembers: number;
}

export async function measureAosGovernance(connection: NetworkConnection<"generic">): Promise<AosGovernanceGas> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [, proposer, voter, second, a1, a2, a3, a4, agent, registrar, relayer] = await viem.getWalletClients();
  if (!proposer || !voter || !second || !a1 || !a2 || !a3 || !a4 || !agent || !registrar || !relayer) {
    throw new Error("need 11 accounts");
  }
  const gasOf = async (sent: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await sent });
    if (receipt.status !== "success")
      throw new Error(`AOS governance: transaction ${receipt.transactionHash} reverted`);
    return receipt.gasUsed;
  };
  const grant = (who: { account: { address: `0x${string}` } }, value: string) => ({
    account: who.account.address,
    dimension: GOVERNANCE,
    value: parseEther(value),
  });
  const { karma, personhood, votes, governor, timelock } = await deployContracts(connection, {
    agents: [agent.account.address],
    registrar: registrar.account.address,
    genesis: {
      karma: [
        grant(proposer, "0.5"),
        grant(voter, "0.3"),
        grant(second, "0.3"),
        ...[a1, a2, a3, a4].map((w) => grant(w, "0.2")),
        // A registered agent has a governance record (its karma slot exists), as in steady state.
        grant(agent, "0.3"),
      ],
    },
  });

  // A delegation chain of depth 4 ending at the voter: a1 -> a2 -> a3 -> a4 -> voter.
  let delegate = 0n;
  for (const [from, to] of [
    [a4, voter],
    [a3, a4],
    [a2, a3],
    [a1, a2],
  ] as const) {
    delegate = await gasOf(
      from.writeContract({
        address: votes.address,
        abi: reputationVotesAbi,
        functionName: "delegate",
        // The deployment caps a delegation's lifetime at a year.
        args: [to.account.address, Number((await publicClient.getBlock()).timestamp) + 180 * DAY],
        chain: undefined,
      }),
    );
  }
  await networkHelpers.time.increase(10);

  // The same one action as the OpenZeppelin side: a setter the timelock will call.
  const action = (halfLife: number) => ({
    target: karma.address,
    value: 0n,
    data: encodeFunctionData({ abi: karmaRegistryAbi, functionName: "setHalfLife", args: [halfLife] }),
  });
  const propose = async (halfLife: number, humans: boolean) => {
    const description = `Set the karma half-life to ${halfLife / DAY} days`;
    const { request } = await publicClient.simulateContract({
      account: proposer.account,
      address: governor.address,
      abi: reputationGovernorAbi,
      functionName: "propose",
      args: [[action(halfLife)], description, humans],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await proposer.writeContract(request) });
    if (receipt.status !== "success") throw new Error("AOS governance: propose reverted");
    return { id: proposalIdFromLogs(receipt.logs), gas: receipt.gasUsed, description, actions: [action(halfLife)] };
  };
  const first = await propose(200 * DAY, false);
  const steady = await propose(210 * DAY, false);
  const withHumans = await propose(220 * DAY, true);

  await networkHelpers.time.increase(3_601);
  const vote = (who: typeof voter, id: bigint, support: number) =>
    gasOf(
      who.writeContract({
        address: governor.address,
        abi: reputationGovernorAbi,
        functionName: "castVote",
        args: [id, support],
        chain: undefined,
      }),
    );
  const castVoteChain4 = await vote(voter, first.id, 1);
  const castVoteSecond = await vote(second, first.id, 1);
  const castVoteOverride = await vote(a1, first.id, 0);
  await vote(proposer, first.id, 1);

  // The human house: a group of humans; one votes on the second proposal.
  const humans = identitiesFromSeed("bench-human", 8);
  await gasOf(
    registrar.writeContract({
      address: personhood.address,
      abi: personhoodRegistryAbi,
      functionName: "addMembers",
      args: [humans.map((h) => h.commitment)],
      chain: undefined,
    }),
  );
  const group = groupOf(humans);
  const [human] = humans;
  if (!human) throw new Error("no human");
  const humanScope = await publicClient.readContract({
    address: governor.address,
    abi: reputationGovernorAbi,
    functionName: "humanVoteScope",
    args: [withHumans.id],
  });
  const humanProof = await proveMembership({ identity: human, group, message: 1n, scope: humanScope });
  const humanVote = await gasOf(
    relayer.writeContract({
      address: governor.address,
      abi: reputationGovernorAbi,
      functionName: "castHumanVote",
      args: [withHumans.id, 1, humanProof],
      chain: undefined,
    }),
  );

  await networkHelpers.time.increase(DAY + 1);
  const queue = await gasOf(
    relayer.writeContract({
      address: governor.address,
      abi: reputationGovernorAbi,
      functionName: "queue",
      args: [first.id, first.actions, first.description],
      chain: undefined,
    }),
  );
  const proposal = await publicClient.readContract({
    address: governor.address,
    abi: reputationGovernorAbi,
    functionName: "proposal",
    args: [first.id],
  });

  // An agent's request and a veto with a real proof, relayed, that kills it (threshold 1).
  const { request: submit, result: requestId } = await publicClient.simulateContract({
    account: agent.account,
    address: timelock.address,
    abi: agentTimelockAbi,
    functionName: "submit",
    args: [[action(90 * DAY)], "Halve the karma half-life"],
  });
  const submitRequest = await gasOf(agent.writeContract(submit));
  const vetoScope = await publicClient.readContract({
    address: timelock.address,
    abi: agentTimelockAbi,
    functionName: "vetoScope",
    args: [requestId],
  });
  const vetoProof = await proveMembership({ identity: human, group, message: requestId, scope: vetoScope });
  const veto = await gasOf(
    relayer.writeContract({
      address: timelock.address,
      abi: agentTimelockAbi,
      functionName: "veto",
      args: [requestId, vetoProof],
      chain: undefined,
    }),
  );

  await networkHelpers.time.increase(7 * DAY + 1);
  const execute = await gasOf(
    relayer.writeContract({
      address: timelock.address,
      abi: agentTimelockAbi,
      functionName: "execute",
      args: [proposal.requestId, first.actions],
      chain: undefined,
    }),
  );
  await endProofWorkers();
  return {
    proposeFirst: first.gas,
    proposeSteady: steady.gas,
    proposeWithHumans: withHumans.gas,
    castVoteChain4,
    castVoteSecond,
    castVoteOverride,
    humanVote,
    delegate,
    queue,
    execute,
    submitRequest,
    veto,
    vetoMembers: humans.length,
  };
}
