/**
 * What every chart shares, so that they look alike and follow the page's colours (CSS variables,
 * light and dark): series colours, the tooltip's box, axis ticks, and time ticks.
 */

/** Distinct colours that read on light and dark backgrounds. */
export const SERIES_COLORS = [
  "#6366f1",
  "#16a34a",
  "#ea580c",
  "#0891b2",
  "#db2777",
  "#ca8a04",
  "#7c3aed",
  "#dc2626",
  "#0d9488",
  "#65a30d",
  "#9333ea",
  "#2563eb",
  "#b45309",
];

export const TOOLTIP_STYLE = {
  background: "var(--surface)",
  border: "1px solid var(--border)",
  borderRadius: 8,
  color: "var(--text)",
};

export const AXIS_TICK = { fill: "var(--muted)", fontSize: 11 };

/** A time axis tick (unix seconds) as "Dec 7, 09:30" in the reader's locale. */
export function formatTimeTick(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
