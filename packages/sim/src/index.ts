export * from "./dcos/index.ts";
export * from "./engine/index.ts";
export * from "./governance/index.ts";
