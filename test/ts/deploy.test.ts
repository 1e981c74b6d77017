import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { juryAbi, karmaRegistryAbi, stakingVaultAbi, taskEscrowAbi } from "@aos/sdk";
import { network } from "hardhat";
import { BUILT_IN_DIMENSIONS, EXTRA_DIMENSIONS } from "../../deploy/dimensions.ts";
import TaskEconomyModule from "../../deploy/modules/TaskEconomy.ts";
import { BOUND_CONTRACTS } from "../../scripts/codegen.ts";

describe("deploy/ TaskEconomy module", async () => {
  const connection = await network.create();
  const { karma, vault, escrow, jury } = await connection.ignition.deploy(TaskEconomyModule);
  const publicClient = await connection.viem.getPublicClient();
  const [deployer] = await connection.viem.getWalletClients();
  const read = publicClient.readContract.bind(publicClient);

  it("wires the escrow to the jury and grants exactly the needed roles", async () => {
    assert.equal(
      (await read({ address: escrow.address, abi: taskEscrowAbi, functionName: "jury" })).toLowerCase(),
      jury.address.toLowerCase(),
    );
    for (const updater of [escrow.address, jury.address]) {
      assert.equal(
        await read({ address: karma.address, abi: karmaRegistryAbi, functionName: "isUpdater", args: [updater] }),
        true,
      );
      assert.equal(
        await read({ address: vault.address, abi: stakingVaultAbi, functionName: "isLocker", args: [updater] }),
        true,
      );
    }
    assert.equal(
      await read({
        address: karma.address,
        abi: karmaRegistryAbi,
        functionName: "isUpdater",
        args: [deployer?.account.address ?? "0x"],
      }),
      false,
      "the deployer must not be able to write karma",
    );
  });

  it("leaves every contract owned by the deployer until governance takes over", async () => {
    for (const [address, abi] of [
      [karma.address, karmaRegistryAbi],
      [vault.address, stakingVaultAbi],
      [escrow.address, taskEscrowAbi],
      [jury.address, juryAbi],
    ] as const) {
      const owner = await read({ address, abi, functionName: "owner" });
      assert.equal(owner.toLowerCase(), deployer?.account.address.toLowerCase());
    }
  });

  it("defines the catalogue of karma dimensions in order", async () => {
    const count = await read({ address: karma.address, abi: karmaRegistryAbi, functionName: "dimensionCount" });
    assert.equal(count, BUILT_IN_DIMENSIONS.length + EXTRA_DIMENSIONS.length);
    const all = [...BUILT_IN_DIMENSIONS.map((d) => d.name), ...EXTRA_DIMENSIONS.map((d) => d.name)];
    for (const [i, name] of all.entries()) {
      const dimension = await read({
        address: karma.address,
        abi: karmaRegistryAbi,
        functionName: "dimension",
        args: [i + 1],
      });
      assert.equal(dimension.name, name);
    }
  });

  it("generates bindings whose ABIs are the compiled ones", async () => {
    const sdk = await import("@aos/sdk");
    for (const contract of BOUND_CONTRACTS) {
      const artifact = JSON.parse(
        await readFile(
          path.join(import.meta.dirname, "..", "..", "artifacts", contract.source, `${contract.name}.json`),
          "utf8",
        ),
      ) as { abi: unknown };
      const exported = (sdk as Record<string, unknown>)[
        `${contract.name[0]?.toLowerCase()}${contract.name.slice(1)}Abi`
      ];
      assert.deepEqual(exported, artifact.abi, `${contract.name} ABI in @aos/sdk is stale: run npm run build`);
    }
  });
});
