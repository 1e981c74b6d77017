/**
 * @aos/sdk: the only source of AOS ABIs and addresses for TypeScript code, plus small typed
 * helpers. The ABIs and deployments under ./generated are written by scripts/codegen.ts.
 */

export * from "./actions/acceptTask.ts";
export * from "./actions/claimTask.ts";
export * from "./actions/createTask.ts";
export * from "./actions/getTask.ts";
export * from "./actions/getTaskSpec.ts";
export * from "./actions/readKarma.ts";
export * from "./actions/submitResult.ts";
export * from "./addresses.ts";
export * from "./errors.ts";
export * from "./generated/abis.ts";
export { deployments } from "./generated/deployments.ts";
export * from "./governance.ts";
export * from "./requirements.ts";
export * from "./types.ts";
