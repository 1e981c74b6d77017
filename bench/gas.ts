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
 */
import { network } from "hardhat";
import { type Hash, keccak256, parseEther, toHex } from "viem";
import { type Economy, jurorCommitment, printTable, type Row, setUpEconomy } from "../test/support/economy.ts";

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
