/**
 * The merged report (ESLint + checker, deduplicated) on every `fixtures/<name>/` with an
 * `expected.json` scores 100% recall and 100% precision: what users and CI see, not one engine alone.
 */
import { cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatScore, scoreFindings, type ExpectedFile } from "../../checker/src/testing/score.js";
import type { Report } from "../src/report.js";
import { makeRepo, run } from "./helpers.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

const corpora = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, "expected.json")))
  .map((entry) => entry.name)
  .sort();

describe("guardrails check on the fixtures", () => {
  it.each(corpora)("%s: the merged report has every expected finding and no other", async (name) => {
    // A copy outside this repository, as the sample repository it stands for: in this repository a
    // file its .gitignore ignores (nexus-sample's generated/) is tracked, and tracked files are analysed.
    const root = makeRepo({});
    cpSync(join(FIXTURES, name), root, { recursive: true });
    const expected = (JSON.parse(readFileSync(join(root, "expected.json"), "utf8")) as ExpectedFile).expected;
    const { code, stdout } = await run(["check", root, "--format", "json"]);
    const report = JSON.parse(stdout) as Report;
    const result = scoreFindings(expected, report.findings);
    const summary = formatScore(result);
    expect(
      { missed: result.missed, extra: result.extra.map((f) => `${f.category} ${f.file}:${f.line} ${f.ruleId ?? ""}`) },
      summary,
    ).toEqual({ missed: [], extra: [] });
    expect(code).toBe(report.summary.errors > 0 ? 1 : 0);
  });
});
