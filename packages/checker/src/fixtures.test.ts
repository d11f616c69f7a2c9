/**
 * Runs the checker on every `fixtures/<name>/` that has an `expected.json` and requires 100% recall
 * and 100% precision under the acceptance scorer's matching rules. New fixture folders are picked up
 * automatically.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCheckerOnRoot } from "./run-checker.js";
import { formatScore, scoreFindings, type ExpectedFile } from "./testing/score.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

const corpora = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, "expected.json")))
  .map((entry) => entry.name)
  .sort();

describe("fixtures", () => {
  it("has fixtures to score", () => {
    expect(corpora).toContain("nexus-sample");
  });

  it.each(corpora)("%s: every expected finding and no other", (name) => {
    const root = join(FIXTURES, name);
    const expected = (JSON.parse(readFileSync(join(root, "expected.json"), "utf8")) as ExpectedFile).expected;
    const result = scoreFindings(expected, runCheckerOnRoot(root).findings);
    const report = formatScore(result);
    if (result.missed.length > 0 || result.extra.length > 0) console.log(`${name}\n${report}`);
    expect({ missed: result.missed, extra: result.extra.map((f) => `${f.category} ${f.file}:${f.line} ${f.message ?? ""}`) }, report).toEqual({
      missed: [],
      extra: [],
    });
  });
});
