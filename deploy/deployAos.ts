/**
 * Deploys AOS to the network Hardhat is connected to, then regenerates the bindings package.
 * `deploy/main.ts` runs it from the command line; the local system and the tests call it.
 *
 * On a local chain (chain id 31337) the previous deployment record is discarded first, because
 * the chain itself starts empty every time, and the demo token is deployed too.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";
import { generateBindings } from "../scripts/codegen.ts";
import DemoTokenModule from "./modules/DemoToken.ts";
import TaskEconomyModule from "./modules/TaskEconomy.ts";

export const LOCAL_CHAIN_ID = 31337;

export async function deployAos(options: { displayUi?: boolean; networkName?: string } = {}) {
  const connection = await network.create(options.networkName);
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const root = path.resolve(import.meta.dirname, "..");
  if (chainId === LOCAL_CHAIN_ID) {
    await rm(path.join(root, "deploy", "deployments", `chain-${chainId}`), { recursive: true, force: true });
  }
  const displayUi = options.displayUi ?? false;
  const economy = await connection.ignition.deploy(TaskEconomyModule, { displayUi });
  const demo =
    chainId === LOCAL_CHAIN_ID ? await connection.ignition.deploy(DemoTokenModule, { displayUi }) : undefined;
  await generateBindings({ root });
  return { connection, chainId, ...economy, demoToken: demo?.demoToken };
}
