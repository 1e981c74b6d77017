/**
 * The reputation network laid out once (in the worker, off the render path): nodes sized by
 * reputation, edges are the delegations at the end of the run. Accounts in a delegation are
 * placed by d3-force in the middle; accounts without one sit on a sunflower ring around them
 * (a force layout of hundreds of unlinked nodes costs seconds and shows nothing). Large populations are
 * cut to `maxNodes`: every account in a delegation first, then the highest reputations, so the
 * picture stays legible and says how many it shows.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";

export interface NetworkInput {
  nodes: { id: number; strategy: string; malicious: boolean; reputation: number }[];
  edges: { from: number; to: number }[];
}

export interface LaidOutNode {
  id: number;
  x: number;
  y: number;
  r: number;
  strategy: string;
  malicious: boolean;
  reputation: number;
}

export interface NetworkLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  /** Indexes into `nodes`. */
  edges: { source: number; target: number }[];
  totalNodes: number;
  totalEdges: number;
  maxReputation: number;
}

export const NETWORK_MAX_NODES = 1_000;

/** Radius by reputation: area proportional to reputation, 2 to 11 px. */
export function nodeRadius(reputation: number, maxReputation: number): number {
  if (!(maxReputation > 0) || !(reputation > 0)) return 2;
  return 2 + 9 * Math.sqrt(Math.min(1, reputation / maxReputation));
}

/** The accounts shown: everyone in a delegation, then by reputation, up to `max`. */
export function selectNodes(input: NetworkInput, max = NETWORK_MAX_NODES): NetworkInput["nodes"] {
  if (input.nodes.length <= max) return input.nodes;
  const inEdge = new Set<number>();
  for (const e of input.edges) {
    inEdge.add(e.from);
    inEdge.add(e.to);
  }
  const linked = input.nodes.filter((n) => inEdge.has(n.id));
  const rest = input.nodes.filter((n) => !inEdge.has(n.id)).sort((a, b) => b.reputation - a.reputation);
  return [...linked.sort((a, b) => b.reputation - a.reputation), ...rest].slice(0, max);
}

export function layoutNetwork(
  input: NetworkInput,
  { maxNodes = NETWORK_MAX_NODES, width = 720, height = 460, iterations = 0 } = {},
): NetworkLayout {
  const chosen = selectNodes(input, maxNodes);
  const index = new Map<number, number>();
  chosen.forEach((n, i) => {
    index.set(n.id, i);
  });
  let maxReputation = 0;
  for (const n of input.nodes) if (n.reputation > maxReputation) maxReputation = n.reputation;

  type SimNode = { index?: number; x?: number; y?: number; vx?: number; vy?: number; r: number };
  const simNodes: SimNode[] = chosen.map((n) => ({ x: 0, y: 0, r: nodeRadius(n.reputation, maxReputation) }));
  const links: { source: number; target: number }[] = [];
  const linked = new Set<number>();
  for (const e of input.edges) {
    const s = index.get(e.from);
    const t = index.get(e.to);
    if (s !== undefined && t !== undefined) {
      links.push({ source: s, target: t });
      linked.add(s);
      linked.add(t);
    }
  }
  // Accounts in a delegation: a force layout (charge is the costly force, so only these take part).
  const linkedIdx = [...linked].sort((a, b) => a - b);
  const local = new Map<number, number>();
  linkedIdx.forEach((g, i) => {
    local.set(g, i);
  });
  const forceNodes = linkedIdx.map((g, i) => {
    const node = simNodes[g] as SimNode;
    // A deterministic start on a spiral, so the same run always gives the same picture.
    node.x = Math.cos(i * 2.399963) * 8 * Math.sqrt(i + 1);
    node.y = Math.sin(i * 2.399963) * 8 * Math.sqrt(i + 1);
    return node;
  });
  if (forceNodes.length > 0) {
    // Fewer ticks for bigger graphs (each costs O(n log n)), cooling fully within them.
    const ticks = iterations > 0 ? iterations : Math.min(160, Math.max(60, Math.round(60_000 / forceNodes.length)));
    const sim = forceSimulation(forceNodes)
      .alphaDecay(1 - 0.001 ** (1 / ticks))
      .force("charge", forceManyBody<SimNode>().strength(-14).theta(1).distanceMax(160))
      .force(
        "link",
        forceLink<SimNode, { source: number | SimNode; target: number | SimNode }>(
          links.map((l) => ({ source: local.get(l.source) as number, target: local.get(l.target) as number })),
        )
          .distance((l) => 6 + ((l.source as SimNode).r + (l.target as SimNode).r))
          .strength(0.7),
      )
      .force(
        "collide",
        forceCollide<SimNode>((d) => d.r + 1),
      )
      .force("x", forceX<SimNode>(0).strength(0.07))
      .force("y", forceY<SimNode>(0).strength(0.07))
      .stop();
    for (let i = 0; i < ticks; i++) sim.tick();
  }
  // Accounts without a delegation: a sunflower ring around them, largest reputation innermost.
  let inner = 0;
  for (const n of forceNodes) inner = Math.max(inner, Math.hypot(n.x ?? 0, n.y ?? 0) + n.r);
  const alone = chosen.map((_, i) => i).filter((i) => !linked.has(i));
  alone.sort((a, b) => (chosen[b]?.reputation ?? 0) - (chosen[a]?.reputation ?? 0));
  const meanR = alone.reduce((sum, i) => sum + (simNodes[i] as SimNode).r, 0) / Math.max(1, alone.length);
  const cellArea = (2 * meanR + 2.5) ** 2;
  const start = forceNodes.length > 0 ? inner + 2 * meanR + 10 : 0;
  alone.forEach((g, k) => {
    const node = simNodes[g] as SimNode;
    const radius = Math.sqrt(start * start + (cellArea * (k + 0.5)) / Math.PI);
    node.x = Math.cos(k * 2.399963) * radius;
    node.y = Math.sin(k * 2.399963) * radius;
  });

  // Fit into the viewport with a margin.
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const n of simNodes) {
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    minX = Math.min(minX, x - n.r);
    maxX = Math.max(maxX, x + n.r);
    minY = Math.min(minY, y - n.r);
    maxY = Math.max(maxY, y + n.r);
  }
  const margin = 12;
  const spanX = Math.max(1, maxX - minX);
  const spanY = Math.max(1, maxY - minY);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY, 3);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const round = (v: number) => Math.round(v * 10) / 10;
  const nodes: LaidOutNode[] = chosen.map((n, i) => {
    const s = simNodes[i] as SimNode;
    return {
      id: n.id,
      x: chosen.length === 0 ? 0 : round(offX + ((s.x ?? 0) - minX) * scale),
      y: chosen.length === 0 ? 0 : round(offY + ((s.y ?? 0) - minY) * scale),
      r: round(Math.max(1.5, s.r * Math.min(scale, 1.5))),
      strategy: n.strategy,
      malicious: n.malicious,
      reputation: n.reputation,
    };
  });
  return {
    width,
    height,
    nodes,
    edges: links,
    totalNodes: input.nodes.length,
    totalEdges: input.edges.length,
    maxReputation,
  };
}
