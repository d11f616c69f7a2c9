import { describe, expect, it } from "vitest";
import { checkCompleteRun, dedupeFindings, MergeError, mergeReports } from "./merge.js";
import { TOOL_NAME, TOOL_VERSION, type Report, type ReportFinding } from "./report.js";

const finding = (overrides: Partial<ReportFinding>): ReportFinding => ({
  ruleId: "secret-guardrails/no-secret-settings-write",
  category: "secret-settings-write",
  engine: "eslint",
  severity: "error",
  file: "src/a.ts",
  line: 10,
  column: 5,
  endLine: 10,
  endColumn: 20,
  message: "m",
  ...overrides,
});
const checker = (overrides: Partial<ReportFinding>) =>
  finding({ engine: "checker", ruleId: "secret-guardrails/no-secret-settings-write", column: 3, message: "c", ...overrides });

describe("dedupeFindings", () => {
  it("keeps the ESLint finding when both engines report the same category at the same file and line", () => {
    const result = dedupeFindings([checker({ secret: "smtpPassword" }), finding({ secret: "smtpPassword" })]);
    expect(result).toEqual([finding({ secret: "smtpPassword", alsoReportedBy: ["checker"] })]);
  });

  it("matches a finding without a secret to one with a secret", () => {
    expect(dedupeFindings([checker({}), finding({ secret: "smtpPassword" })])).toHaveLength(1);
  });

  it("keeps both when the secrets differ, the lines differ, or the categories differ", () => {
    expect(dedupeFindings([checker({ secret: "openaiApiKey" }), finding({ secret: "smtpPassword" })])).toHaveLength(2);
    expect(dedupeFindings([checker({ line: 11, endLine: 11 }), finding({})])).toHaveLength(2);
    expect(dedupeFindings([checker({ category: "db-before-env" }), finding({})])).toHaveLength(2);
    expect(dedupeFindings([checker({ file: "src/b.ts" }), finding({})])).toHaveLength(2);
  });

  it("never merges two findings of one engine (two secrets written on one line are two problems)", () => {
    const two = [finding({ column: 5, secret: "smtpPassword" }), finding({ column: 30, secret: "openaiApiKey" })];
    expect(dedupeFindings(two)).toEqual(two);
    expect(dedupeFindings([checker({ column: 3 }), checker({ column: 9 })])).toHaveLength(2);
  });

  it("drops an ESLint finding at the helper write when the checker reports it at the call site", () => {
    const inHelper = finding({ file: "src/store.ts", line: 13, endLine: 13 });
    const atCallSite = checker({
      file: "src/router.ts",
      line: 40,
      endLine: 40,
      related: [{ file: "src/store.ts", line: 13, column: 5, message: "the settings write" }],
    });
    expect(dedupeFindings([inHelper, atCallSite])).toEqual([atCallSite]);
    // Another category at that place, or a helper the checker itself also reports, stays.
    expect(dedupeFindings([{ ...inHelper, category: "db-before-env" }, atCallSite])).toHaveLength(2);
    const checkerInHelper = checker({ file: "src/store.ts", line: 13, endLine: 13 });
    expect(dedupeFindings([inHelper, atCallSite, checkerInHelper])).toHaveLength(2);
  });

  it("drops exact duplicates and sorts by file, line, column, rule", () => {
    const result = dedupeFindings([finding({ file: "src/b.ts" }), finding({ line: 2, endLine: 2 }), finding({ file: "src/b.ts" })]);
    expect(result.map((f) => `${f.file}:${f.line}`)).toEqual(["src/a.ts:2", "src/b.ts:10"]);
  });
});

describe("mergeReports", () => {
  const report = (findings: ReportFinding[], filesAnalyzed: number, extra: Partial<Report> = {}): Report => ({
    schemaVersion: 1,
    tool: { name: "secret-guardrails", version: "0.0.0" },
    root: ".",
    summary: { errors: 0, warnings: 0, filesAnalyzed, durationMs: 100 },
    findings,
    ...extra,
  });

  it("re-dedupes across shards, re-sorts, recounts errors and sums files and durations", () => {
    const shard1 = report([checker({ file: "src/z.ts" }), checker({ severity: "warning", category: "db-before-env", ruleId: "secret-guardrails/env-first-secret-resolution" })], 5, {
      shard: { index: 1, count: 2, configHash: "sha256:1" },
    });
    const shard2 = report([finding({ file: "src/z.ts" })], 7, { shard: { index: 2, count: 2, configHash: "sha256:1" } });
    const { report: merged } = mergeReports([shard2, shard1]);
    expect(merged.findings.map((f) => `${f.file} ${f.engine} ${f.category}`)).toEqual([
      "src/a.ts checker db-before-env",
      "src/z.ts eslint secret-settings-write",
    ]);
    expect(merged.summary).toEqual({ errors: 1, warnings: 1, filesAnalyzed: 12, durationMs: 200 });
    expect(merged.shard).toBeUndefined();
  });

  it("drops what the shards said about a baseline (merge --baseline computes it)", () => {
    const entry = { ruleId: "secret-guardrails/no-secret-settings-write", category: "secret-settings-write" as const, file: "src/a.ts", hash: "ab", occurrence: 0 };
    const withBaseline = (findings: ReportFinding[]) =>
      report(findings, 1, { summary: { errors: 0, warnings: 0, filesAnalyzed: 1, durationMs: 1, baselined: 1, fixedBaselineEntries: 1 }, fixedBaselineEntries: [entry] });
    const { report: merged } = mergeReports([withBaseline([]), withBaseline([finding({ baselined: true, fingerprint: "ab:0" })])]);
    expect(merged.findings).toEqual([finding({ fingerprint: "ab:0" })]);
    expect(merged.summary).toEqual({ errors: 1, warnings: 0, filesAnalyzed: 2, durationMs: 2 });
    expect(merged.fixedBaselineEntries).toBeUndefined();
  });
});

describe("checkCompleteRun", () => {
  const shard = (index: number, count: number, extra: Partial<Report> = {}) => ({
    label: `${index}.json`,
    report: { schemaVersion: 1, tool: { name: TOOL_NAME, version: TOOL_VERSION }, root: ".", summary: { errors: 0, warnings: 0, filesAnalyzed: 1, durationMs: 1 }, findings: [], shard: { index, count, configHash: "sha256:1" }, ...extra } as Report,
  });

  it("accepts exactly shards 1..N in any order, and nothing else", () => {
    expect(() => checkCompleteRun([shard(2, 2), shard(1, 2)])).not.toThrow();
    expect(() => checkCompleteRun([shard(1, 2)])).toThrow(new MergeError("shard 2/2 is missing: merge needs the report of every shard (got 1/2)"));
    expect(() => checkCompleteRun([shard(1, 1), shard(1, 1)])).toThrow(new MergeError("shard 1/1 is given more than once (1.json, 1.json)"));
    expect(() => checkCompleteRun([])).toThrow(MergeError);
  });
});
