/**
 * Node-only: reading a user's scenario file from disk (the CLI's --scenario-file). Kept apart
 * from scenario.ts so that the scenarios and the simulator stay importable in a browser.
 */
import { readFileSync } from "node:fs";
import { type ResolvedScenario, resolveScenario, ScenarioError } from "./scenario.ts";

/** A user-supplied scenario file, validated; errors name the file and the bad field. */
export function loadScenarioFile(path: string): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ScenarioError("(file)", `could not be read: ${(err as Error).message}`, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError("(file)", `is not valid JSON: ${(err as Error).message}`, path);
  }
  return resolveScenario(json, path);
}
