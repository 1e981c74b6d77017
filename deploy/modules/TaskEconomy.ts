import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { EXTRA_DIMENSIONS } from "../dimensions.ts";

/**
 * The task economy: karma registry, staking vault, task escrow and jury, wired together.
 *
 * Ownership: every contract is owned by `owner` (the deployer by default). The governance
 * deployment hands ownership to its timelock; until then the deployer holds it.
 */
export default buildModule("TaskEconomy", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const treasury = m.getParameter("treasury", deployer);

  const karma = m.contract("KarmaRegistry", [owner, guardian]);
  const vault = m.contract("StakingVault", [owner, guardian, karma, treasury]);
  const escrow = m.contract("TaskEscrow", [owner, guardian, karma, vault, treasury]);
  const jury = m.contract("Jury", [owner, guardian, escrow, karma, vault]);

  m.call(escrow, "setJury", [jury]);
  m.call(karma, "setUpdater", [escrow, true], { id: "KarmaUpdater_TaskEscrow" });
  m.call(karma, "setUpdater", [jury, true], { id: "KarmaUpdater_Jury" });
  m.call(vault, "setLocker", [escrow, true], { id: "VaultLocker_TaskEscrow" });
  m.call(vault, "setLocker", [jury, true], { id: "VaultLocker_Jury" });

  let previous: ReturnType<typeof m.call> | undefined;
  for (const dimension of EXTRA_DIMENSIONS) {
    // Sequential, so that dimension ids follow the list order.
    const id = `Dimension_${dimension.name.replaceAll(".", "_")}`;
    previous = m.call(karma, "defineDimension", [dimension.name, dimension.kind, 0n], {
      id,
      after: previous === undefined ? [] : [previous],
    });
  }

  // The escrow caches which dimensions are accuracy domains; fill the cache now so that the
  // first task created does not pay for it.
  m.call(escrow, "syncDimensions", [], { after: previous === undefined ? [] : [previous] });

  return { karma, vault, escrow, jury };
});
