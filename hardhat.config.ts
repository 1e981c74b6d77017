import { createRequire } from "node:module";
import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

// Hardhat cannot download compilers on this network, so every profile points at
// the solc-js build shipped by the npm `solc` package. package.json pins `solc`
// to exactly SOLC_VERSION: Hardhat does not check that the two agree.
const SOLC_VERSION = "0.8.30";
const soljsonPath = createRequire(import.meta.url).resolve("solc/soljson.js");

const optimizedSettings = {
  optimizer: { enabled: true, runs: 10_000 },
  evmVersion: "prague",
  viaIR: true,
};

// PoseidonT3 (the hash of the Semaphore group's Merkle tree, a linked library) is hand-written
// assembly: through the IR pipeline at 10,000 runs it grows past the 24,576-byte limit, so it is
// compiled the way its authors ship it.
const poseidonOverride = {
  "poseidon-solidity/PoseidonT3.sol": {
    version: SOLC_VERSION,
    path: soljsonPath,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    profiles: {
      default: {
        compilers: [{ version: SOLC_VERSION, path: soljsonPath, settings: optimizedSettings }],
        overrides: poseidonOverride,
      },
      production: {
        compilers: [{ version: SOLC_VERSION, path: soljsonPath, settings: optimizedSettings }],
        overrides: poseidonOverride,
      },
    },
    // Contracts that live only in npm packages and are deployed as they are: the Semaphore
    // verifier and the Poseidon library its Merkle tree links against.
    npmFilesToBuild: ["@semaphore-protocol/contracts/base/SemaphoreVerifier.sol", "poseidon-solidity/PoseidonT3.sol"],
  },
  paths: {
    sources: "contracts",
    ignition: "deploy",
    tests: { solidity: "test/contracts", nodejs: "test/ts" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256, seed: "0x414f53" },
      invariant: { runs: 256, depth: 40, failOnRevert: false },
    },
  },
  networks: {
    localhost: { type: "http", chainType: "l1", url: process.env.AOS_RPC_URL ?? "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
