import { describe, expect, it } from "vitest";
import { byLabel, parsePrometheus, summariseMetrics, sumOf } from "@/data/workers";

const EXPOSITION = `# HELP aos_tasks_total Tasks by lifecycle stage reached.
# TYPE aos_tasks_total counter
aos_tasks_total{stage="claimed"} 4
aos_tasks_total{stage="paid"} 5
aos_tasks_total{stage="submitted"} 4

# A plain comment, not HELP or TYPE
# TYPE aos_queue_depth gauge
aos_queue_depth{queue="tasks",state="waiting"} 3
aos_queue_depth{queue="sim",state="waiting"} 1.5e1
# HELP aos_job_duration_seconds Time from a job's start to its end, by queue.
# TYPE aos_job_duration_seconds histogram
aos_job_duration_seconds_bucket{le="0.1",queue="tasks"} 2
aos_job_duration_seconds_bucket{le="+Inf",queue="tasks"} 4
aos_job_duration_seconds_sum{queue="tasks"} 2
aos_job_duration_seconds_count{queue="tasks"} 4
# TYPE aos_earnings_wei_total counter
aos_earnings_wei_total{token="0x0000000000000000000000000000000000000000"} 770000000000000000
# TYPE aos_jobs_total counter
aos_jobs_total{queue="tasks",outcome="completed"} 13
aos_jobs_total{queue="tasks",outcome="retried"} 30
aos_jobs_total{queue="tx",outcome="failed"} 1
# TYPE aos_transactions_total counter
aos_transactions_total{kind="claim",outcome="mined"} 4
aos_transactions_total{kind="submit",outcome="reverted"} 1
aos_transactions_total{kind="submit",outcome="bumped"} 2
# TYPE aos_llm_cost_usd_total counter
aos_llm_cost_usd_total{service="openai"} 0.25
aos_llm_cost_usd_total{service="anthropic"} 0.5
untyped_metric 7 1700000000000
`;

describe("parsePrometheus", () => {
  const parsed = parsePrometheus(EXPOSITION);

  it("reads counters with their HELP, TYPE and labels", () => {
    const tasks = parsed.families.get("aos_tasks_total");
    expect(tasks?.type).toBe("counter");
    expect(tasks?.help).toBe("Tasks by lifecycle stage reached.");
    expect(byLabel(parsed, "aos_tasks_total", "stage")).toEqual({ claimed: 4, paid: 5, submitted: 4 });
  });

  it("reads gauges with several labels and exponent notation", () => {
    const depth = parsed.families.get("aos_queue_depth");
    expect(depth?.type).toBe("gauge");
    expect(depth?.samples).toEqual([
      { name: "aos_queue_depth", labels: { queue: "tasks", state: "waiting" }, value: 3 },
      { name: "aos_queue_depth", labels: { queue: "sim", state: "waiting" }, value: 15 },
    ]);
    expect(sumOf(parsed, "aos_queue_depth", { queue: "sim" })).toBe(15);
  });

  it("puts a histogram's buckets, sum and count in its family, +Inf included", () => {
    const h = parsed.families.get("aos_job_duration_seconds");
    expect(h?.type).toBe("histogram");
    expect(h?.samples.map((s) => s.name)).toEqual([
      "aos_job_duration_seconds_bucket",
      "aos_job_duration_seconds_bucket",
      "aos_job_duration_seconds_sum",
      "aos_job_duration_seconds_count",
    ]);
    expect(h?.samples[1]?.labels.le).toBe("+Inf");
    expect(parsed.families.has("aos_job_duration_seconds_bucket")).toBe(false);
  });

  it("keeps an untyped sample and its timestamp, and skips plain comments", () => {
    expect(parsed.families.get("untyped_metric")).toMatchObject({
      type: "untyped",
      samples: [{ value: 7, timestamp: 1700000000000 }],
    });
    expect(parsed.errors).toEqual([]);
  });

  it("unescapes label values and accepts special values", () => {
    const p = parsePrometheus('m{path="a\\"b\\\\c\\nd"} NaN\nn -Inf\no +Inf');
    expect(p.families.get("m")?.samples[0]?.labels.path).toBe('a"b\\c\nd');
    expect(Number.isNaN(p.families.get("m")?.samples[0]?.value)).toBe(true);
    expect(p.families.get("n")?.samples[0]?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(p.families.get("o")?.samples[0]?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it("reports bad lines with their number and reason, and still reads the good ones", () => {
    const p = parsePrometheus(
      [
        "good 1",
        "no_value",
        "bad_label{stage=claimed} 1",
        'unterminated{a="x} 1',
        "not_a_number abc",
        "-starts_badly 1",
        "# TYPE weird wibble",
        "too_many 1 2 3",
        "good 2",
      ].join("\n"),
    );
    expect(p.families.get("good")?.samples.map((s) => s.value)).toEqual([1, 2]);
    expect(p.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(p.errors[0]?.reason).toBe("missing value");
    expect(p.errors[1]?.reason).toMatch(/quoted value for label stage/);
    expect(p.errors[2]?.reason).toMatch(/unterminated/);
    expect(p.errors[3]?.reason).toBe('"abc" is not a number');
    expect(p.errors[5]?.reason).toMatch(/unknown metric type "wibble"/);
  });
});

describe("summariseMetrics", () => {
  it("sums the fleet's numbers from the workers' metric names", () => {
    const m = summariseMetrics(parsePrometheus(EXPOSITION));
    expect(m.tasks).toEqual({ claimed: 4, paid: 5, submitted: 4 });
    expect(m.jobs.tasks).toEqual({ completed: 13, failed: 0, retried: 30 });
    expect(m.jobs.tx).toEqual({ completed: 0, failed: 1, retried: 0 });
    expect(m.meanJobSeconds.tasks).toBe(0.5);
    expect(m.transactions).toEqual({ mined: 4, failed: 1 });
    expect(m.llmCostUsd).toBe(0.75);
    expect(m.earningsWei["0x0000000000000000000000000000000000000000"]).toBe(770000000000000000);
    expect(m.empty).toBe(false);
  });

  it("calls a process with only HELP and TYPE lines empty", () => {
    const m = summariseMetrics(parsePrometheus("# HELP aos_tasks_total x\n# TYPE aos_tasks_total counter\n"));
    expect(m.empty).toBe(true);
    expect(m.tasks).toEqual({});
  });
});
