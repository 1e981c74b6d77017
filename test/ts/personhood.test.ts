import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { Identity } from "@semaphore-protocol/identity";
import { network } from "hardhat";
import { type ContractErrorName, encodeFunctionData } from "viem";
import PersonhoodModule from "../../deploy/modules/Personhood.ts";
import {
  endProofWorkers,
  groupOf,
  identitiesFromSeed,
  identityFromSeed,
  merkleSiblings,
  proveMembership,
  type SolidityProof,
  snarkHash,
} from "../support/semaphore.ts";

const DAY = 86_400;
const VALIDITY = 21 * DAY;
/** The budget of a whole veto transaction; the proof check is most of it. */
const VETO_GAS_BUDGET = 330_000n;

describe("PersonhoodRegistry with real Semaphore proofs", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const { personhood, verifier, poseidon } = await connection.ignition.deploy(PersonhoodModule);
  const publicClient = await viem.getPublicClient();
  const [deployer, registrar, otherRegistrar, stranger] = await viem.getWalletClients();
  if (!deployer || !registrar || !otherRegistrar || !stranger) throw new Error("need 4 accounts");
  const owner = { account: deployer.account };
  const asRegistrar = { account: registrar.account };

  /** Gas figures collected along the way, printed once at the end. */
  const gasReport: string[] = [];
  const gasUsed = async (sent: Promise<`0x${string}`>) =>
    (await publicClient.waitForTransactionReceipt({ hash: await sent })).gasUsed;
  /** verifyProof as a transaction would run it (eth_estimateGas: includes the 21,000 base and calldata). */
  const estimateVerify = (proof: SolidityProof) =>
    publicClient.estimateGas({
      account: stranger.account.address,
      to: personhood.address,
      data: encodeFunctionData({ abi: personhood.abi, functionName: "verifyProof", args: [proof] }),
    });

  after(async () => {
    await endProofWorkers();
    if (gasReport.length !== 0) console.log(`PersonhoodRegistry gas: ${gasReport.join("; ")}`);
  });

  /** The members in the registry's leaf order (0n for a removed one), kept in step by each test. */
  const leaves: bigint[] = [];
  const people = identitiesFromSeed("person", 8);
  const person = (i: number): Identity => {
    const identity = people[i];
    if (identity === undefined) throw new Error(`no person ${i}`);
    return identity;
  };

  const prove = (identity: Identity, message = 42n, scope = 7n) =>
    proveMembership({ identity, group: groupOf(leaves), message, scope });

  type ErrorName = ContractErrorName<typeof personhood.abi>;
  /** Asserts a revert with the registry's custom error `name` (and `args`, when given). */
  const expectError = (call: Promise<unknown>, name: ErrorName, args?: readonly unknown[]) =>
    args === undefined
      ? viem.assertions.revertWithCustomError(call as Promise<never>, personhood, name)
      : viem.assertions.revertWithCustomErrorWithArgs(call as Promise<never>, personhood, name, args as never);

  const verify = (proof: SolidityProof) => personhood.read.verifyProof([proof]);

  it("deploys the registry linked to Poseidon, with the verifier and the default validity", async () => {
    assert.equal(await personhood.read.rootValidity(), VALIDITY);
    assert.equal((await personhood.read.verifier()).toLowerCase(), verifier.address.toLowerCase());
    assert.equal((await personhood.read.owner()).toLowerCase(), deployer.account.address.toLowerCase());
    assert.equal((await personhood.read.guardian()).toLowerCase(), deployer.account.address.toLowerCase());
    assert.equal((await personhood.read.getGroupAdmin([0n])).toLowerCase(), personhood.address.toLowerCase());
    assert.equal(await poseidon.read.hash([[1n, 2n]]), groupOf([1n, 2n]).root, "Poseidon agrees with the JS tree");
    const code = await publicClient.getCode({ address: poseidon.address });
    assert.ok(code !== undefined && (code.length - 2) / 2 <= 24_576, "Poseidon fits the code size limit");
  });

  it("takes the module's parameters", async () => {
    const other = await connection.ignition.deploy(PersonhoodModule, {
      parameters: {
        Personhood: { owner: stranger.account.address, guardian: registrar.account.address, rootValidity: 30 * DAY },
      },
      deploymentId: "personhood-parameters",
    });
    assert.equal(await other.personhood.read.rootValidity(), 30 * DAY);
    assert.equal((await other.personhood.read.owner()).toLowerCase(), stranger.account.address.toLowerCase());
    assert.equal((await other.personhood.read.guardian()).toLowerCase(), registrar.account.address.toLowerCase());
  });

  it("lets only registrars appointed by the owner add members", async () => {
    await expectError(
      personhood.write.addMember([person(0).commitment], asRegistrar),
      "PersonhoodRegistryNotRegistrar",
      [registrar.account.address],
    );
    await expectError(
      personhood.write.setRegistrar([registrar.account.address, true], { account: stranger.account }),
      "OwnableUnauthorizedAccount",
      [stranger.account.address],
    );
    await personhood.write.setRegistrar([registrar.account.address, true], owner);
    await personhood.write.setRegistrar([otherRegistrar.account.address, true], owner);
    assert.equal(await personhood.read.isRegistrar([registrar.account.address]), true);
  });

  it("keeps the on-chain root equal to the Semaphore group's root", async () => {
    const batch = [0, 1, 2, 3].map((i) => person(i).commitment);
    gasReport.push(
      `addMembers(4) on an empty group ${await gasUsed(personhood.write.addMembers([batch], asRegistrar))}`,
    );
    leaves.push(...batch);
    assert.equal(await personhood.read.root(), groupOf(leaves).root);
    await personhood.write.addMember([person(4).commitment], { account: otherRegistrar.account });
    leaves.push(person(4).commitment);
    const group = groupOf(leaves);
    assert.equal(await personhood.read.root(), group.root);
    assert.equal(await personhood.read.depth(), BigInt(group.depth));
    assert.equal(await personhood.read.size(), 5n);
    assert.equal(
      (await personhood.read.registrarOf([person(4).commitment])).toLowerCase(),
      otherRegistrar.account.address.toLowerCase(),
    );
  });

  it("verifies real proofs through the deployed SemaphoreVerifier, and measures the gas", async () => {
    const proof = await prove(person(1), 42n, 7n);
    assert.equal(proof.merkleTreeRoot, await personhood.read.root());
    await verify(proof);
    // A bigger circuit proves against the same root.
    await verify(
      await proveMembership({ identity: person(2), group: groupOf(leaves), message: 1n, scope: 2n, depth: 16 }),
    );

    const gas = await estimateVerify(proof);
    gasReport.push(`verifyProof, current root, depth ${proof.merkleTreeDepth}: ${gas} (eth_estimateGas)`);
    assert.ok(gas < VETO_GAS_BUDGET, `verifyProof costs ${gas} gas`);
  });

  it("rejects a tampered message, a tampered scope and forged points", async () => {
    const proof = await prove(person(0), 100n, 200n);
    await verify(proof);
    await expectError(verify({ ...proof, message: 101n }), "PersonhoodRegistryInvalidProof");
    await expectError(verify({ ...proof, scope: 201n }), "PersonhoodRegistryInvalidProof");
    await expectError(verify({ ...proof, nullifier: proof.nullifier + 1n }), "PersonhoodRegistryInvalidProof");
    const [a0, a1, b0, b1, b2, b3, c0, c1] = proof.points;
    // B's coordinates swapped (the usual encoding mistake), and A replaced by another valid point.
    await expectError(verify({ ...proof, points: [a0, a1, b1, b0, b3, b2, c0, c1] }), "PersonhoodRegistryInvalidProof");
    await expectError(verify({ ...proof, points: [1n, 2n, b0, b1, b2, b3, c0, c1] }), "PersonhoodRegistryInvalidProof");
    await expectError(verify({ ...proof, merkleTreeDepth: 0n }), "PersonhoodRegistryDepthUnsupported", [0n]);
    await expectError(verify({ ...proof, merkleTreeDepth: 33n }), "PersonhoodRegistryDepthUnsupported", [33n]);
    // The hash the contract applies is the one the proof's signals carry.
    assert.notEqual(snarkHash(100n), snarkHash(101n));
  });

  it("rejects a proof from a non-member identity and an unknown root", async () => {
    const outsider = identityFromSeed("outsider");
    // The outsider can only prove membership of a group of its own making...
    const forged = await proveMembership({
      identity: outsider,
      group: groupOf([...leaves, outsider]),
      message: 1n,
      scope: 1n,
    });
    await expectError(verify(forged), "PersonhoodRegistryUnknownRoot", [forged.merkleTreeRoot]);
    // ...and that proof does not carry over to the registry's root.
    const current = await personhood.read.root();
    await expectError(verify({ ...forged, merkleTreeRoot: current }), "PersonhoodRegistryInvalidProof");
    assert.equal(await personhood.read.isRootValid([forged.merkleTreeRoot]), false);
  });

  it("accepts a superseded root within its validity and rejects it once expired", async () => {
    const early = await prove(person(2), 5n, 6n);
    gasReport.push(`addMember (6th) ${await gasUsed(personhood.write.addMember([person(5).commitment], asRegistrar))}`);
    leaves.push(person(5).commitment);
    const supersededAt = (await publicClient.getBlock()).timestamp;
    assert.notEqual(early.merkleTreeRoot, await personhood.read.root());
    await verify(early);
    const gas = await estimateVerify(early);
    gasReport.push(`verifyProof, superseded root, depth ${early.merkleTreeDepth}: ${gas} (eth_estimateGas)`);
    assert.ok(gas < VETO_GAS_BUDGET, `verifyProof costs ${gas} gas`);
    await networkHelpers.time.increaseTo(supersededAt + BigInt(VALIDITY));
    await verify(early);
    assert.equal(await personhood.read.isRootValid([early.merkleTreeRoot]), true);
    await networkHelpers.time.increase(1);
    await expectError(verify(early), "PersonhoodRegistryRootExpired", [
      early.merkleTreeRoot,
      supersededAt + BigInt(VALIDITY),
    ]);
    // The current root never expires.
    await verify(await prove(person(2), 5n, 6n));
  });

  it("retires every earlier root when the owner removes a member", async () => {
    const before = await prove(person(3));
    const gone = person(1).commitment;
    await expectError(
      personhood.write.removeMember([gone, merkleSiblings(groupOf(leaves), gone)], asRegistrar),
      "OwnableUnauthorizedAccount",
      [registrar.account.address],
    );
    gasReport.push(
      `removeMember ${await gasUsed(personhood.write.removeMember([gone, merkleSiblings(groupOf(leaves), gone)], owner))}`,
    );
    leaves[leaves.indexOf(gone)] = 0n;
    assert.equal(await personhood.read.root(), groupOf(leaves).root);
    assert.equal(await personhood.read.isMember([gone]), false);
    await expectError(verify(before), "PersonhoodRegistryRootRetired", [before.merkleTreeRoot]);
    // Members still in the group prove against the new root; the removed one cannot even build
    // a proof for it.
    await verify(await prove(person(3)));
    await assert.rejects(prove(person(1)));
    await expectError(personhood.write.addMember([gone], asRegistrar), "PersonhoodRegistryCommitmentUsed", [gone]);
  });

  it("retires every earlier root when a registrar replaces a lost key", async () => {
    const lost = person(0);
    const renewed = identityFromSeed("person-0-renewed");
    const before = await prove(lost);
    const siblings = merkleSiblings(groupOf(leaves), lost.commitment);
    await expectError(
      personhood.write.replaceMember([lost.commitment, renewed.commitment, siblings], {
        account: otherRegistrar.account,
      }),
      "PersonhoodRegistryNotRegistrarOf",
      [lost.commitment, otherRegistrar.account.address],
    );
    gasReport.push(
      `replaceMember ${await gasUsed(personhood.write.replaceMember([lost.commitment, renewed.commitment, siblings], asRegistrar))}`,
    );
    leaves[leaves.indexOf(lost.commitment)] = renewed.commitment;
    assert.equal(await personhood.read.root(), groupOf(leaves).root);
    await expectError(verify(before), "PersonhoodRegistryRootRetired", [before.merkleTreeRoot]);
    await verify(await prove(renewed));
    await assert.rejects(prove(lost));
    assert.equal(
      (await personhood.read.registrarOf([renewed.commitment])).toLowerCase(),
      registrar.account.address.toLowerCase(),
    );
  });

  it("pauses additions but never verification", async () => {
    const proof = await prove(person(3));
    await personhood.write.pause(owner);
    await expectError(personhood.write.addMember([person(6).commitment], asRegistrar), "EnforcedPause");
    await verify(proof);
    await personhood.write.unpause(owner);
    await personhood.write.addMember([person(6).commitment], asRegistrar);
    leaves.push(person(6).commitment);
    assert.equal(await personhood.read.root(), groupOf(leaves).root);
  });
});
