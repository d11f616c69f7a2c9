import { describe, expect, it } from "vitest";
import { formatScore, scoreFindings, type ExpectedEntry } from "./score.js";

const expected: ExpectedEntry[] = [
  { file: "a.ts", lines: [10, 12], category: "db-before-env", note: "range" },
  { file: null, lines: null, category: "missing-secret-cleanup", note: "anywhere" },
  { file: "b.ts", lines: [5, 5], category: "secret-settings-write", note: "missed" },
];

describe("scoreFindings", () => {
  it("matches by category, file (or any) and line range; counts several hits in one range once", () => {
    const result = scoreFindings(expected, [
      { category: "db-before-env", file: "./a.ts", line: 10 },
      { category: "db-before-env", file: "a.ts", line: 12 }, // same entry: neither TP nor FP
      { category: "missing-secret-cleanup", file: "x/y.ts", line: 99 },
      { category: "db-before-env", file: "a.ts", line: 13 }, // outside the range: FP
      { category: "secret-settings-write", file: "b.ts", line: 6, ruleId: "r", message: "m" }, // wrong line: FP
    ]);
    expect([result.tp, result.fn, result.fp]).toEqual([2, 1, 2]);
    expect(result.recall).toBeCloseTo(2 / 3);
    expect(result.precision).toBeCloseTo(0.5);
    expect(result.missed).toEqual([expected[2]]);
    expect(result.extra.map((f) => `${f.file}:${f.line}`)).toEqual(["a.ts:13", "b.ts:6"]);
  });

  it("is perfect for no expectations and no findings", () => {
    expect(scoreFindings([], [])).toMatchObject({ recall: 1, precision: 1, missed: [], extra: [] });
  });

  it("formats like the acceptance scorer", () => {
    const text = formatScore(scoreFindings(expected, [{ category: "db-before-env", file: "a.ts", line: 11 }]));
    expect(text.split("\n")).toEqual([
      "MISSED  missing-secret-cleanup  *:*  anywhere",
      "MISSED  secret-settings-write  b.ts:5-5  missed",
      "",
      "category                     TP  FN  FP  recall  precision",
      "db-before-env                 1   0   0  100.0%  100.0%",
      "missing-secret-cleanup        0   1   0    0.0%    n/a",
      "secret-settings-write         0   1   0    0.0%    n/a",
      "score: recall 33.3% (1/3), precision 100.0% (1/1)",
    ]);
  });
});
