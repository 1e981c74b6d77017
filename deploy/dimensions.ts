/**
 * The karma dimensions that every AOS deployment defines beyond the four built into the
 * KarmaRegistry (ids 1-4). Order matters: ids are assigned in this order from 5 on, so the list is
 * append-only. The dApp and the workers read names from the chain (DimensionDefined events), never
 * from this file.
 */
export const KARMA_DIMENSION_KIND = { Accuracy: 0, Skill: 1, Reliability: 2, Governance: 3 } as const;

export const BUILT_IN_DIMENSIONS = [
  { id: 1, name: "reliability.jury", kind: KARMA_DIMENSION_KIND.Reliability },
  { id: 2, name: "reliability.task_completion", kind: KARMA_DIMENSION_KIND.Reliability },
  { id: 3, name: "reliability.response_time", kind: KARMA_DIMENSION_KIND.Reliability },
  { id: 4, name: "governance", kind: KARMA_DIMENSION_KIND.Governance },
] as const;

export const EXTRA_DIMENSIONS = [
  { name: "accuracy.code_review", kind: KARMA_DIMENSION_KIND.Accuracy },
  { name: "accuracy.research_analysis", kind: KARMA_DIMENSION_KIND.Accuracy },
  { name: "accuracy.sentiment_analysis", kind: KARMA_DIMENSION_KIND.Accuracy },
  { name: "accuracy.simulation", kind: KARMA_DIMENSION_KIND.Accuracy },
  { name: "accuracy.human_tasks", kind: KARMA_DIMENSION_KIND.Accuracy },
  { name: "skill.python", kind: KARMA_DIMENSION_KIND.Skill },
  { name: "skill.financial_analysis", kind: KARMA_DIMENSION_KIND.Skill },
  { name: "skill.web_scraping", kind: KARMA_DIMENSION_KIND.Skill },
  { name: "skill.photography", kind: KARMA_DIMENSION_KIND.Skill },
] as const;

/** Id of an extra dimension by name (ids continue after the built-in ones). */
export function dimensionId(name: (typeof EXTRA_DIMENSIONS)[number]["name"]): number {
  return BUILT_IN_DIMENSIONS.length + 1 + EXTRA_DIMENSIONS.findIndex((d) => d.name === name);
}
