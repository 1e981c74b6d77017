import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** A mintable ERC-20 for local demos and tests; never deployed to a public network. */
export default buildModule("DemoToken", (m) => {
  const demoToken = m.contract("DemoToken", []);
  return { demoToken };
});
