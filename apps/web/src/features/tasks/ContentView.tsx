"use client";
/**
 * A task's input or result shown readably: an LLM input as its prompt and settings, a simulation
 * input as a parameters table, a simulation output as a stats grid, an LLM output as its answer,
 * text as text, anything else as pretty JSON. What it shows is the content the gateway served,
 * verified against the on-chain digest.
 */
import type { ReactNode } from "react";
import type { Hex } from "viem";
import { Badge, ErrorNote, Skeleton } from "@/components/ui";
import { type Content, linkOf } from "@/data/contentLink";
import { useContent, useTaskResult } from "./hooks";
import { formatTime } from "./labels";

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Pretty JSON of a plain node (links as { "/": cid }). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Dotted paths and leaf values of a nested map, for a parameters table. */
export function flatten(value: unknown, prefix = ""): [string, string][] {
  if (!isNode(value) || linkOf(value))
    return [[prefix || "(value)", Array.isArray(value) ? value.join(", ") : display(value)]];
  return Object.entries(value)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([k, v]) =>
      isNode(v) && !linkOf(v)
        ? flatten(v, prefix ? `${prefix}.${k}` : k)
        : [[prefix ? `${prefix}.${k}` : k, display(v)] as [string, string]],
    );
}

function display(v: unknown): string {
  if (v === null || v === undefined) return "—";
  const link = linkOf(v);
  if (link) return link;
  if (Array.isArray(v)) return v.map(display).join(", ");
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString() : String(Number(v.toPrecision(6)));
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="task-facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function LlmInput({ node }: { node: Node }) {
  const subtasks = Array.isArray(node.subtasks) ? (node.subtasks as Node[]) : [];
  return (
    <div className="content-body">
      <h3>Prompt</h3>
      <pre className="readable" data-testid="task-prompt">
        {String(node.prompt ?? "")}
      </pre>
      {node.system ? (
        <>
          <h3>System instructions</h3>
          <pre className="readable">{String(node.system)}</pre>
        </>
      ) : null}
      <Facts
        items={[
          ["Kind", display(node.kind)],
          ["Domain", display(node.domain)],
          ["Max output tokens", display(node.maxOutputTokens)],
          ["Budget", node.budgetUsd !== undefined ? `$${display(node.budgetUsd)}` : "—"],
          ["Temperature", display(node.temperature ?? "default")],
          ["Plan", display(node.plan ?? "single")],
          ["Private providers only", node.privacyRequired ? "yes" : "no"],
        ]}
      />
      {subtasks.length > 0 ? (
        <>
          <h3>Subtasks</h3>
          <ol className="content-list">
            {subtasks.map((s) => (
              <li key={String(s.id)}>
                <strong>{String(s.id)}</strong> ({String(s.kind)}): {String(s.prompt)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

function ParamsTable({ value, caption }: { value: unknown; caption: string }) {
  const rows = flatten(value);
  return (
    <div className="table-wrap">
      <table className="params-table">
        <caption className="muted small">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const pct = (x: unknown) => (typeof x === "number" ? `${(x * 100).toPrecision(3)}%` : "—");
const secs = (x: unknown) => (typeof x === "number" ? `${Number(x.toPrecision(3))} s` : "—");
const n = (x: unknown) => (typeof x === "number" ? x.toLocaleString() : "—");

/** The headline figures of a DCOS twin run (aos/dcos-sim-output/1's summary). */
export function SimSummary({ summary }: { summary: Node }) {
  const get = (path: string): unknown =>
    path.split(".").reduce<unknown>((v, k) => (isNode(v) ? v[k] : undefined), summary);
  const stats: [string, string][] = [
    ["Tiles", n(get("nodes"))],
    ["Simulated time", typeof get("simSeconds") === "number" ? `${Number(get("simSeconds")) / 3600} h` : "—"],
    ["Events processed", n(get("events"))],
    ["Tile failures", n((Number(get("failures.independent")) || 0) + (Number(get("failures.injected")) || 0))],
    ["Failures confirmed", n(get("failures.confirmed"))],
    ["Tiles replaced", n(get("failures.replaced"))],
    ["SWIM detection (theory)", secs(get("swim.theoryFirstDetectionSeconds"))],
    ["SWIM messages", n(get("swim.observed.messages"))],
    ["False suspicions / probe", n(get("swim.observed.falseSuspicionsPerProbe"))],
    ["Stripes lost", n(get("durability.stripesLost"))],
    ["Fragments repaired", n(get("durability.fragmentsRepaired"))],
    ["Causal violations", n(get("causal.causalViolations"))],
    ["Traffic within a cell", pct(get("locality.withinCell"))],
    ["OS overhead", pct(get("overhead.share"))],
  ];
  return (
    <dl className="stats" data-testid="sim-summary">
      {stats.map(([label, value]) => (
        <div className="stat" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function JsonDetails({ value, summary = "All fields (JSON)" }: { value: unknown; summary?: string }) {
  return (
    <details className="content-details">
      <summary>{summary}</summary>
      <pre className="readable">{prettyJson(value)}</pre>
    </details>
  );
}

/** Text a generic node carries, when it is essentially text. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isNode(value)) return undefined;
  for (const key of ["text", "answer", "result", "output", "content"]) {
    const v = value[key];
    if (typeof v === "string") return v;
  }
  return undefined;
}

/** One node, rendered by its schema. */
export function NodeView({ value }: { value: unknown }) {
  const schema = isNode(value) ? value.schema : undefined;
  if (schema === "aos/llm-task/1" && isNode(value)) return <LlmInput node={value} />;
  if (schema === "aos/dcos-sim-task/1" && isNode(value))
    return <ParamsTable value={value.params} caption="DCOS twin parameters (the rest take the engine's defaults)" />;
  if (schema === "aos/dcos-sim-output/1" && isNode(value) && isNode(value.summary))
    return (
      <div className="content-body">
        <SimSummary summary={value.summary} />
        <p className="muted small">
          Engine {display(value.engine)}: a verifier re-runs the same input and must get the same output.
        </p>
        <JsonDetails value={value.summary} summary="Full summary (JSON)" />
      </div>
    );
  if (schema === "aos/llm-output/1" && isNode(value))
    return (
      <div className="content-body">
        <pre className="readable" data-testid="task-answer">
          {String(value.answer ?? "")}
        </pre>
        <Facts
          items={[
            ["Confidence", typeof value.confidence === "number" ? pct(value.confidence) : "—"],
            ["Flagged for review", value.flaggedForReview ? "yes: the answers disagreed" : "no"],
            ["Steps", Array.isArray(value.steps) ? String(value.steps.length) : "—"],
          ]}
        />
        <JsonDetails value={value.steps} summary="Steps and routing (JSON)" />
      </div>
    );
  const text = textOf(value);
  if (text !== undefined) return <pre className="readable">{text}</pre>;
  return <pre className="readable">{prettyJson(value)}</pre>;
}

function Verified({ content }: { content: Content }) {
  return (
    <p className="content-cid muted small">
      {content.verified ? <Badge tone="good">Verified</Badge> : <Badge tone="warn">Not verified</Badge>}{" "}
      <code title={content.cid}>{content.cid}</code>
    </p>
  );
}

/** The task's input by its on-chain digest. */
export function TaskInputView({ digest }: { digest: Hex }) {
  const query = useContent(digest);
  if (query.isPending) return <Skeleton height={160} label="Loading the input" />;
  if (query.isError) return <ErrorNote error={query.error} retry={() => query.refetch()} />;
  return (
    <div>
      <Verified content={query.data} />
      <NodeView value={query.data.value} />
    </div>
  );
}

/** The task's result: the result node's facts, then its output. */
export function TaskResultView({ resultHash }: { resultHash: Hex }) {
  const query = useTaskResult(resultHash);
  if (query.isPending) return <Skeleton height={220} label="Loading the result" />;
  if (query.isError) return <ErrorNote error={query.error} retry={() => query.refetch()} />;
  const { result, output } = query.data;
  const node = isNode(result.value) ? result.value : undefined;
  const isResultNode = node?.schema === "aos/task-result/1";
  const cost = isNode(node?.cost) ? node.cost : undefined;
  return (
    <div>
      <Verified content={output ?? result} />
      {isResultNode && node ? (
        <Facts
          items={[
            ["Produced", typeof node.producedAt === "number" ? formatTime(node.producedAt) : "—"],
            [
              "Models",
              Array.isArray(node.models) && node.models.length > 0 ? node.models.join(", ") : "none (deterministic)",
            ],
            ["Cost", cost ? `$${display(cost.usd)}` : "—"],
            ["Subtask results", Array.isArray(node.subtasks) ? String(node.subtasks.length) : "0"],
          ]}
        />
      ) : null}
      <NodeView value={output ? output.value : result.value} />
      {isResultNode ? <JsonDetails value={result.value} summary="Result node (JSON)" /> : null}
    </div>
  );
}
