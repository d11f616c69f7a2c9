/**
 * `merge` merges only a complete run: exactly shards 1..N, each once, written by this version of
 * the tool with the same configuration, registry and root; anything else is exit 2 with a message saying
 * what is wrong. A report to merge is checked field by field (it may come from anywhere), and its
 * "baselined" flags are never trusted: they are recomputed from the baseline given to merge.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report.js";
import { TOOL_VERSION } from "../../src/report.js";
import { baseFiles, secretWrite } from "../helpers.js";
import { makeRepo, run } from "./support.js";

const root = makeRepo(
  baseFiles({
    "src/a.ts": secretWrite(),
    "src/b.ts": secretWrite(),
    "src/c.ts": secretWrite(),
    "src/d.ts": secretWrite(),
  }),
);
const out = makeRepo({});

async function shard(index: number, count: number, extra: readonly string[] = [], name = `shard-${index}-of-${count}.json`): Promise<string> {
  const file = join(out, name);
  const result = await run(["check", root, "--shard", `${index}/${count}`, "--format", "json", "--output", file, ...extra]);
  expect(result.stderr).toBe("");
  return file;
}

/** A copy of a report with a change. */
function edited(file: string, name: string, edit: (report: Record<string, unknown>) => void): string {
  const report = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(report);
  const copy = join(out, name);
  writeFileSync(copy, JSON.stringify(report));
  return copy;
}

async function expectExit2(args: readonly string[], message: string): Promise<void> {
  const result = await run(args, { cwd: out });
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`guardrails: ${message}\n`);
  expect(result.code).toBe(2);
}

describe("merge: exactly the shards 1..N of one run", () => {
  it("merges a complete run into the full run's findings", async () => {
    const files = [await shard(1, 3), await shard(2, 3), await shard(3, 3)];
    const merged = await run(["merge", ...files, "--format", "json"]);
    const full = await run(["check", root, "--format", "json"]);
    expect(merged.code).toBe(1);
    const brief = (text: string) => (JSON.parse(text) as Report).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(brief(merged.stdout)).toEqual(brief(full.stdout));
    expect((JSON.parse(merged.stdout) as Report).summary.errors).toBe(4);
    // What the run checked is kept, and the secret inventory rebuilt from every shard's findings.
    expect((JSON.parse(merged.stdout) as Report).registry).toEqual((JSON.parse(full.stdout) as Report).registry);
    expect((JSON.parse(merged.stdout) as Report).inventory).toEqual((JSON.parse(full.stdout) as Report).inventory);
  });

  it("a missing shard", async () => {
    await expectExit2(
      ["merge", "shard-1-of-3.json", "shard-3-of-3.json"],
      "shard 2/3 is missing: merge needs the report of every shard (got 1/3, 3/3)",
    );
    await expectExit2(["merge", "shard-2-of-3.json"], "shard 1/3, shard 3/3 are missing: merge needs the report of every shard (got 2/3)");
  });

  it("a shard given twice (also under another name)", async () => {
    const again = edited(join(out, "shard-1-of-3.json"), "again.json", () => {});
    await expectExit2(
      ["merge", "shard-1-of-3.json", "shard-2-of-3.json", "again.json", "shard-3-of-3.json"],
      "shard 1/3 is given more than once (shard-1-of-3.json, again.json)",
    );
    expect(again).toContain("again.json");
  });

  it("shards of runs split differently", async () => {
    await shard(1, 2);
    await expectExit2(
      ["merge", "shard-1-of-2.json", "shard-2-of-3.json", "shard-3-of-3.json"],
      "shard-1-of-2.json is shard 1/2 and shard-2-of-3.json shard 2/3: the reports come from runs split into different numbers of shards",
    );
  });

  it("a report that is not a shard's", async () => {
    const full = join(out, "full.json");
    await run(["check", root, "--format", "json", "--output", full]);
    await expectExit2(
      ["merge", "full.json"],
      'full.json is not the report of a --shard run (it has no "shard"): merge combines the JSON reports of all the shards of one run',
    );
  });

  it("another tool version", async () => {
    edited(join(out, "shard-2-of-3.json"), "old-version.json", (report) => {
      report.tool = { name: "secret-guardrails", version: "0.0.1" };
    });
    await expectExit2(
      ["merge", "shard-1-of-3.json", "old-version.json", "shard-3-of-3.json"],
      `old-version.json was written by secret-guardrails 0.0.1, this is secret-guardrails ${TOOL_VERSION}: run every shard and the merge with the same version`,
    );
  });

  it("another configuration", async () => {
    const config = join(out, "other-config.json");
    writeFileSync(config, JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD_V2" } } }));
    await shard(2, 3, ["--config", config], "other-config-2.json");
    await expectExit2(
      ["merge", "shard-1-of-3.json", "other-config-2.json", "shard-3-of-3.json"],
      "shard-1-of-3.json and other-config-2.json ran with different configurations (registry, globs or Prisma schemas differ): run every shard with the same guardrails.config.json and schemas",
    );
  });

  it("another root", async () => {
    edited(join(out, "shard-3-of-3.json"), "other-root.json", (report) => {
      report.root = "elsewhere";
    });
    await expectExit2(
      ["merge", "shard-1-of-3.json", "shard-2-of-3.json", "other-root.json"],
      `the reports scan different roots (shard-1-of-3.json: "${root}", other-root.json: "elsewhere")`,
    );
  });

  it("another registry (a report edited by hand: the configuration hash is the same)", async () => {
    edited(join(out, "shard-2-of-3.json"), "other-registry.json", (report) => {
      (report.registry as { secrets: { secret: string }[] }).secrets[0]!.secret = "openaiApiKey";
    });
    await expectExit2(
      ["merge", "shard-1-of-3.json", "other-registry.json", "shard-3-of-3.json"],
      "shard-1-of-3.json and other-registry.json state different registries (what the run checked): run every shard with the same guardrails.config.json and schemas",
    );
  });

  it.each([
    ["a registry secret that is not a name", (report: Record<string, unknown>) => ((report.registry as { secrets: unknown[] }).secrets[0] = { secret: 5, env: [] }), '"registry.secrets[0]" must be { secret, env: [names] }'],
    ["a registry source that is not one", (report: Record<string, unknown>) => ((report.registry as Record<string, unknown>).source = "guess"), '"registry.source" must be "config" or "discovery"'],
    ["an inventory count that is not one", (report: Record<string, unknown>) => ((report.inventory as Record<string, unknown>[])[0]!.writtenToSettings = "many"), '"inventory[0].writtenToSettings" must be a non-negative integer'],
    ["an inventory status that is not one", (report: Record<string, unknown>) => ((report.inventory as Record<string, unknown>[])[0]!.namedByUi = "yes"), '"inventory[0].namedByUi" must be true, false or null'],
    ["an inventory path that is not text", (report: Record<string, unknown>) => ((report.inventory as Record<string, unknown>[])[0]!.declaredIn = [{}]), '"inventory[0].declaredIn" must be an array of paths'],
  ])("the registry or inventory with %s", async (_name, edit, problem) => {
    edited(join(out, "shard-1-of-3.json"), "bad-registry.json", edit);
    const result = await run(["merge", "bad-registry.json", "shard-2-of-3.json", "shard-3-of-3.json"], { cwd: out });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`guardrails: bad-registry.json is not a guardrails JSON report: ${problem}\n`);
  });

  it.each([
    ["an unknown category", (finding: Record<string, unknown>) => (finding.category = "made-up"), '"findings[0].category" must be one of'],
    ["a message that is not text", (finding: Record<string, unknown>) => (finding.message = { toString: 1 }), '"findings[0].message" must be a string'],
    ["a line that is not a position", (finding: Record<string, unknown>) => (finding.line = -3), '"findings[0].line" must be a positive integer'],
    ["a rule id with markup", (finding: Record<string, unknown>) => (finding.ruleId = "x](https://evil.example)"), '"findings[0].ruleId" must be a rule id'],
  ])("a finding with %s", async (_name, edit, problem) => {
    edited(join(out, "shard-1-of-3.json"), "bad-finding.json", (report) => {
      const findings = report.findings as Record<string, unknown>[];
      if (findings.length === 0) findings.push({ ...(JSON.parse(readFileSync(join(out, "shard-2-of-3.json"), "utf8")) as Report).findings[0] });
      edit(findings[0]!);
    });
    const result = await run(["merge", "bad-finding.json", "shard-2-of-3.json", "shard-3-of-3.json"], { cwd: out });
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`guardrails: bad-finding.json is not a guardrails JSON report: ${problem}`)).toBe(true);
  });
});

describe("merge: baselined flags come from merge's own --baseline, never from the shards", () => {
  it("flags planted in the shard reports are ignored", async () => {
    const files = [1, 2, 3].map((index) =>
      edited(join(out, `shard-${index}-of-3.json`), `planted-${index}.json`, (report) => {
        for (const finding of report.findings as Record<string, unknown>[]) finding.baselined = true;
        (report.summary as Record<string, unknown>).baselined = 99;
        (report.summary as Record<string, unknown>).errors = 0;
        report.fixedBaselineEntries = [];
      }),
    );
    const merged = await run(["merge", ...files, "--format", "json"]);
    expect(merged.code).toBe(1);
    const report = JSON.parse(merged.stdout) as Report;
    expect(report.summary).toEqual({ errors: 4, warnings: 0, filesAnalyzed: 7, durationMs: report.summary.durationMs });
    expect(report.findings.some((finding) => finding.baselined)).toBe(false);
  });

  it("with --baseline, the flags and fixed entries are computed from it", async () => {
    const baseline = join(out, "baseline.json");
    await run(["check", root, "--baseline", baseline, "--update-baseline", "--format", "json"]);
    writeFileSync(join(root, "src/e.ts"), secretWrite());
    const files = [await shard(1, 2, [], "new-1.json"), await shard(2, 2, [], "new-2.json")];
    const merged = await run(["merge", ...files, "--baseline", baseline, "--format", "json"]);
    expect(merged.code).toBe(1);
    const report = JSON.parse(merged.stdout) as Report;
    expect(report.summary).toMatchObject({ errors: 1, baselined: 4, fixedBaselineEntries: 0 });
    expect(report.findings.filter((finding) => !finding.baselined).map((finding) => finding.file)).toEqual(["src/e.ts"]);
  });
});
