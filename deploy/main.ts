/**
 * Deploys AOS and regenerates the bindings:
 *
 *   npx hardhat run deploy/main.ts --network localhost
 */
import { deployAos } from "./deployAos.ts";

const { chainId, karma, vault, escrow, jury, demoToken } = await deployAos({ displayUi: true });
console.log(`AOS deployed on chain ${chainId}`);
console.table({
  KarmaRegistry: karma.address,
  StakingVault: vault.address,
  TaskEscrow: escrow.address,
  Jury: jury.address,
  ...(demoToken ? { DemoToken: demoToken.address } : {}),
});
