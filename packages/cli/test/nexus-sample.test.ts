import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isSourceText, loadRegistry, matchesGlobs, prescan, readSourceFiles } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/report.js";
import { git, makeRepo, run } from "./helpers.js";

const SAMPLE = fileURLToPath(new URL("../../../fixtures/nexus-sample", import.meta.url));
const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));

describe("fixtures/nexus-sample end to end", () => {
  it("`guardrails check fixtures/nexus-sample` prints a report and exits 1", async () => {
    const { code, stdout, stderr } = await run(["check", "fixtures/nexus-sample"], { cwd: WORKSPACE });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("fixtures/nexus-sample/packages/db/prisma/seed.ts\n");
    expect(stdout).toMatch(/✖ \d+ problems \(\d+ errors, \d+ warnings?\) in \d+ files/);
  });

  it("finds the sample's settings write in seed.ts once, under the ESLint rule's id", async () => {
    // A copy outside this repository: here the sample's git-ignored file is tracked (so analysed).
    const copy = makeRepo({});
    cpSync(SAMPLE, copy, { recursive: true });
    const report = JSON.parse((await run(["check", copy, "--format", "json"])).stdout) as Report;
    const seed = report.findings.filter((finding) => finding.file === "packages/db/prisma/seed.ts");
    expect(seed).toEqual([
      expect.objectContaining({ ruleId: "secret-guardrails/no-secret-settings-write", category: "secret-settings-write", line: 24, engine: "checker", secret: "slackBotToken" }),
    ]);
    // The git-ignored generated file is not analysed (the copy is no git work tree: .gitignore decides).
    expect(report.findings.some((finding) => finding.file.includes("/generated/"))).toBe(false);
    // One driver of the engine in CI: the checker, which sees every file the rules would lint.
    expect(new Set(report.findings.map((finding) => finding.engine))).toEqual(new Set(["checker"]));
  });

  it("merging shards gives the findings of the full run", async () => {
    const full = JSON.parse((await run(["check", SAMPLE, "--format", "json"])).stdout) as Report;
    const out = makeRepo({});
    for (const index of [1, 2]) {
      await run(["check", SAMPLE, "--shard", `${index}/2`, "--format", "json", "--output", join(out, `${index}.json`)]);
    }
    const merged = JSON.parse((await run(["merge", join(out, "1.json"), join(out, "2.json"), "--format", "json"])).stdout) as Report;
    expect(merged.findings).toEqual(full.findings);
    expect(merged.summary.filesAnalyzed).toBe(full.summary.filesAnalyzed);
  });

  it("every checker finding sits in a file that makes changed-files mode run the checker", () => {
    // --staged skips the checker when no changed file is pre-scan relevant, a Prisma schema, the
    // config or admin UI: sound only if checker findings never sit anywhere else.
    return run(["check", SAMPLE, "--format", "json"]).then(({ stdout }) => {
      const report = JSON.parse(stdout) as Report;
      const { registry } = loadRegistry({ root: SAMPLE });
      const checkerFiles = [...new Set(report.findings.filter((f) => f.engine === "checker" || f.alsoReportedBy).map((f) => f.file))];
      expect(checkerFiles.length).toBeGreaterThan(3);
      for (const file of checkerFiles) {
        if (file.endsWith(".prisma") || matchesGlobs(file, registry.admin.uiGlobs)) continue;
        const [read] = readSourceFiles(SAMPLE, [file]);
        expect(read && isSourceText(read) && prescan(read.text, registry, file).relevant, file).toBe(true);
      }
    });
  });

  it("checking any one file reports what the full run reports for that file", async () => {
    // Changed-files mode seeds the checker with the changed files only (plus what they import and
    // what imports them): it must still find every flow that touches them.
    const full = JSON.parse((await run(["check", SAMPLE, "--format", "json"])).stdout) as Report;
    const files = [...new Set(full.findings.flatMap((f) => [f.file, ...(f.related ?? []).map((r) => r.file)]))].filter(
      (file) => /\.(ts|tsx)$/.test(file),
    );
    expect(files.length).toBeGreaterThan(5);
    const strip = (report: Report) =>
      report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.secret ?? ""}`).sort();
    for (const file of files) {
      const single = JSON.parse((await run(["check", ".", file, "--format", "json"], { cwd: SAMPLE })).stdout) as Report;
      const expected = full.findings.filter((f) => f.file === file || (f.related ?? []).some((r) => r.file === file));
      expect(strip(single), file).toEqual(strip({ ...full, findings: expected }));
    }
  });

  it("--staged on a copy of the sample reports only the staged file", async () => {
    const root = makeRepo({});
    cpSync(SAMPLE, root, { recursive: true });
    git(root, "init", "-q");
    git(root, "add", "packages/db/prisma/seed.ts");
    const { code, stdout } = await run(["check", ".", "--staged", "--format", "json"], { cwd: root });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(["packages/db/prisma/seed.ts:24"]);
    expect(readFileSync(join(root, "packages/db/prisma/seed.ts"), "utf8")).toContain("slackBotToken");
  });
});
