/**
 * Gas of each step of the task economy, for ETH and ERC-20 bounties, measured from real
 * transaction receipts on Hardhat's in-process chain (EDR) with the contracts deployed by the
 * Ignition modules in deploy/.
 *
 *   npm run bench:gas
 *
 * Ends with `lifecycle_gas_total=N`: create + claim + submit + accept with an ETH bounty, by an
 * agent that is already staked and has settled a task before (so its karma slots exist), which
 * is the steady state of a working agent. The first task of a brand-new agent is shown too.
 *
 * Then governance beside OpenZeppelin's Governor (simple counting, ERC-20 votes, quorum fraction,
 * timelock control) doing the same work, each on a fresh chain, ending with
 * `castVote_ratio_vs_oz=R` (a first vote on a proposal through a delegation chain of depth 4 on
 * AOS's side), `propose_gas=N` (one action, by a proposer with an earlier proposal: the steady
 * state, as for the escrow; the first proposal is in the table) and `veto_gas=N` (one veto with
 * a real Semaphore proof, killing an agent's request).
 */
import { network } from "hardhat";
import { type Hash, keccak256, parseEther, toHex } from "viem";
import { type Economy, jurorCommitment, printTable, type Row, setUpEconomy } from "../test/support/economy.ts";
import { measureAosGovernance } from "./governanceGas.ts";
import { measureOzGovernor } from "./ozGovernor.ts";

const LIFECYCLE_TARGET = 250_000n;

const connection = await network.create();
const economy = await setUpEconomy(connection);
const rows: Row[] = [];

async function gasOf(hash: Hash): Promise<bigint> {
  const receipt = await economy.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return receipt.gasUsed;
}

async function lifecycle(e: Economy, asset: "eth" | "erc20") {
  const created = await e.createTask(asset);
  const claim = await gasOf(await e.claim(created.taskId));
  const submit = await gasOf(await e.submit(created.taskId));
  const accept = await gasOf(await e.accept(created.taskId));
  return { create: created.gas, claim, submit, accept, total: created.gas + claim + submit + accept };
}

async function expirePath(e: Economy, asset: "eth" | "erc20") {
  const created = await e.createTask(asset);
  const claim = await gasOf(await e.claim(created.taskId));
  await e.passTime(2 * 86_400);
  const expire = await gasOf(await e.expire(created.taskId));
  return { create: created.gas, claim, expire };
}

async function disputePath(e: Economy, asset: "eth" | "erc20") {
  const created = await e.createTask(asset);
  await gasOf(await e.claim(created.taskId));
  await gasOf(await e.submit(created.taskId));
  const dispute = await gasOf(await e.dispute(created.taskId, asset));
  const caseId = await e.latestCaseId();
  await e.mineBlocks(3);
  const draw = await gasOf(await e.draw(caseId));
  const jurors = await e.jurorsOf(caseId);
  const salt = keccak256(toHex(`salt-${caseId}`));
  let commit = 0n;
  for (const juror of jurors) {
    commit += await gasOf(await e.commitVote(juror, caseId, jurorCommitment(caseId, juror, 1, salt)));
  }
  await e.passTime(3 * 86_400 + 1);
  let reveal = 0n;
  for (const juror of jurors) reveal += await gasOf(await e.revealVote(juror, caseId, 1, salt));
  await e.passTime(2 * 86_400 + 1);
  const resolve = await gasOf(await e.resolve(caseId));
  const n = BigInt(Math.max(jurors.length, 1));
  return { dispute, draw, commitPerJuror: commit / n, revealPerJuror: reveal / n, resolve, jurors: jurors.length };
}

await economy.prepareAgent(parseEther("10"));
await economy.prepareJurors(7);

const firstEth = await lifecycle(economy, "eth");
const eth = await lifecycle(economy, "eth");
const erc20First = await lifecycle(economy, "erc20");
const erc20 = await lifecycle(economy, "erc20");
void erc20First;
const expEth = await expirePath(economy, "eth");
const expErc20 = await expirePath(economy, "erc20");
const disEth = await disputePath(economy, "eth");
const disErc20 = await disputePath(economy, "erc20");

rows.push(
  ["createTask", eth.create, erc20.create],
  ["claim", eth.claim, erc20.claim],
  ["submitResult", eth.submit, erc20.submit],
  ["accept", eth.accept, erc20.accept],
  ["lifecycle total (steady state)", eth.total, erc20.total],
  ["lifecycle total (agent's first task)", firstEth.total, erc20First.total],
  ["expire (claimed, stake slashed)", expEth.expire, expErc20.expire],
  ["dispute (bond posted, case opened)", disEth.dispute, disErc20.dispute],
  [`draw (${disEth.jurors} jurors)`, disEth.draw, disErc20.draw],
  ["commitVote (per juror)", disEth.commitPerJuror, disErc20.commitPerJuror],
  ["revealVote (per juror)", disEth.revealPerJuror, disErc20.revealPerJuror],
  ["resolve (ruling executed)", disEth.resolve, disErc20.resolve],
);
printTable("Task economy gas (gasUsed per transaction)", ["step", "ETH bounty", "ERC-20 bounty"], rows);

const status = eth.total <= LIFECYCLE_TARGET ? "meets" : "MISSES";
console.log(`\nlifecycle target: <= ${LIFECYCLE_TARGET} (${status})`);
console.log(`lifecycle_gas_total=${eth.total}`);

// ---------------------------------------------------------------- governance

const PROPOSE_TARGET = 100_000n;
const VETO_TARGET = 330_000n;
const aos = await measureAosGovernance(await network.create());
const oz = await measureOzGovernor(await network.create());
const dash = "n/a";
printTable(
  "Governance gas (gasUsed per transaction), AOS beside OpenZeppelin's Governor",
  ["step", "AOS", "OZ Governor"],
  [
    ["propose, one action (proposer's first proposal)", aos.proposeFirst, oz.propose],
    ["propose, one action (proposer with an earlier proposal)", aos.proposeSteady, dash],
    ["propose, one action, human house required", aos.proposeWithHumans, dash],
    [
      "castVote, first vote on a proposal (AOS: through a delegation chain of depth 4)",
      aos.castVoteChain4,
      oz.castVoteFirst,
    ],
    ["castVote, a later vote", aos.castVoteSecond, oz.castVoteSecond],
    ["castVote, a delegator overriding its delegate 4 hops up", aos.castVoteOverride, dash],
    ["castHumanVote (real Semaphore proof)", aos.humanVote, dash],
    ["delegate (joining a chain)", aos.delegate, dash],
    ["queue", aos.queue, oz.queue],
    ["execute (one action)", aos.execute, oz.execute],
    ["agent submits a request (one action)", aos.submitRequest, dash],
    [`veto with a real proof (group of ${aos.vetoMembers}), kills an agent's request`, aos.veto, dash],
  ],
);
const ratio = Number(aos.castVoteChain4) / Number(oz.castVoteFirst);
const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
console.log(`\ncastVote ratio target: <= 1.0 (${verdict(ratio <= 1)})`);
console.log(`propose target: <= ${PROPOSE_TARGET}, steady state (${verdict(aos.proposeSteady <= PROPOSE_TARGET)})`);
console.log(`veto target: <= ${VETO_TARGET} (${verdict(aos.veto <= VETO_TARGET)})`);
console.log(`castVote_ratio_vs_oz=${ratio.toFixed(3)}`);
console.log(`propose_gas=${aos.proposeSteady}`);
console.log(`veto_gas=${aos.veto}`);
