import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const DAY = 86_400;

/**
 * Proof of personhood: the Semaphore v4 verifier, the Poseidon library the group's Merkle tree
 * links against, and the personhood registry.
 *
 * Parameters: `owner` and `guardian` (the deployer by default; the governance deployment hands
 * ownership to its timelock) and `rootValidity`, how long a superseded root stays acceptable
 * (21 days by default: it must be at least the timelock's longest veto window). Registrars are
 * appointed afterwards by the owner with `setRegistrar`.
 */
export default buildModule("Personhood", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const rootValidity = m.getParameter("rootValidity", 21 * DAY);

  const poseidon = m.library("PoseidonT3");
  const verifier = m.contract("SemaphoreVerifier", []);
  const personhood = m.contract("PersonhoodRegistry", [owner, guardian, verifier, rootValidity], {
    libraries: { PoseidonT3: poseidon },
  });

  return { poseidon, verifier, personhood };
});
