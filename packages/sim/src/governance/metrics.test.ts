import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { meanCi, percentile, rocAuc } from "./metrics.ts";

describe("metrics", () => {
  test("percentile uses the nearest rank", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(xs, 0.5), 50);
    assert.equal(percentile(xs, 0.99), 99);
    assert.equal(percentile(xs, 1), 100);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });

  test("ROC AUC: perfect, inverted, ties and empty classes", () => {
    assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
    assert.equal(rocAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
    assert.equal(rocAuc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5);
    assert.equal(rocAuc([1, 3, 2, 4], [0, 0, 1, 1]), 0.75);
    assert.ok(Number.isNaN(rocAuc([1, 2], [1, 1])));
  });

  test("mean and 95% confidence interval with Student's t", () => {
    const r = meanCi([1, 2, 3, 4, 5]);
    assert.equal(r.mean, 3);
    // s = sqrt(2.5), t(4) = 2.776, half = 2.776 * 1.5811 / 2.2361
    assert.ok(Math.abs(r.ciHigh - 3 - (2.776 * Math.sqrt(2.5)) / Math.sqrt(5)) < 1e-9);
    assert.equal(meanCi([7]).ciLow, 7);
    assert.equal(meanCi([Number.NaN, 2]).n, 1);
  });
});
