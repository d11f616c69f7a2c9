import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles, CLEAN, git, makeRepo, run, secretWrite, writeFiles } from "../test/helpers.js";
import { filesChangedSince, readStagedFiles, stagedFiles } from "./git.js";
import type { Report } from "./report.js";

/** A git repo whose first commit holds the clean base files. */
function committedRepo(extra: Record<string, string> = {}): string {
  const root = makeRepo(baseFiles(extra));
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "base");
  return root;
}

const findings = (stdout: string) =>
  (JSON.parse(stdout) as Report).findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);

describe("--staged", () => {
  it("checks only staged files, as staged: not the working copy, not unstaged files", async () => {
    const root = committedRepo({ "src/also-clean.ts": CLEAN });
    // Staged: a violation in a.ts, then the working copy of a.ts is cleaned (only the index has it).
    writeFiles(root, { "src/a.ts": secretWrite() });
    git(root, "add", "src/a.ts");
    writeFiles(root, { "src/a.ts": CLEAN });
    // Staged clean, working copy dirty: not reported.
    writeFiles(root, { "src/b.ts": CLEAN });
    git(root, "add", "src/b.ts");
    writeFiles(root, { "src/b.ts": secretWrite() });
    // Never staged: not reported.
    writeFiles(root, { "src/c.ts": secretWrite() });
    // A committed file modified in the working copy only: not reported.
    writeFiles(root, { "src/also-clean.ts": secretWrite() });

    const { code, stdout, stderr } = await run(["check", ".", "--staged", "--format", "json"], { cwd: root });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(findings(stdout)).toEqual(["src/a.ts:4 secret-guardrails/no-secret-settings-write"]);
    expect((JSON.parse(stdout) as Report).summary.filesAnalyzed).toBe(2);
  });

  it("passes when nothing relevant is staged, and ignores staged deletions and non-source files", async () => {
    const root = committedRepo();
    git(root, "rm", "-q", "src/clean.ts");
    // Not source files of a full run either: a non-TypeScript file, node_modules. (A dot directory
    // is analysed like any other: no-silent-skip.test.ts.)
    writeFiles(root, { "README.md": "# readme\n", "vendor/node_modules/x/a.ts": secretWrite() });
    git(root, "add", "-f", "README.md", "vendor/node_modules/x/a.ts");
    const { code, stdout } = await run(["check", ".", "--staged"], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toContain("No guardrail problems (0 files analysed");
  });

  it("with a baseline, reports as fixed only entries of the staged files", async () => {
    const root = committedRepo({ "src/legacy.ts": secretWrite() });
    const baseline = join(root, "baseline.json");
    expect((await run(["check", root, "--baseline", baseline, "--update-baseline"])).code).toBe(0);
    writeFiles(root, { "src/clean.ts": `${CLEAN}// touched\n`, "src/new.ts": secretWrite() });
    git(root, "add", "src/clean.ts", "src/new.ts");
    const { code, stdout } = await run(["check", ".", "--staged", "--baseline", baseline, "--format", "json"], { cwd: root });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.summary).toMatchObject({ errors: 1, baselined: 0, fixedBaselineEntries: 0 });
    expect(findings(stdout)).toEqual(["src/new.ts:4 secret-guardrails/no-secret-settings-write"]);
    // Staging the fix of the legacy violation shows its entry as fixed.
    writeFiles(root, { "src/legacy.ts": CLEAN });
    git(root, "add", "src/legacy.ts");
    git(root, "reset", "-q", "src/new.ts");
    const fixed = JSON.parse((await run(["check", ".", "--staged", "--baseline", baseline, "--format", "json"], { cwd: root })).stdout) as Report;
    expect(fixed.summary).toMatchObject({ errors: 0, fixedBaselineEntries: 1 });
    expect(fixed.fixedBaselineEntries).toEqual([expect.objectContaining({ file: "src/legacy.ts" })]);
  });

  it("exits 2 outside a git repository, saying so in plain words", async () => {
    const { code, stderr } = await run(["check", ".", "--staged"], { cwd: makeRepo(baseFiles()) });
    expect(code).toBe(2);
    expect(stderr).toBe("guardrails: not a git repository: . (--staged needs the git repository the files are in)\n");
  });

  it("works when ROOT is a subdirectory of the repository", async () => {
    const root = makeRepo({});
    writeFiles(root, Object.fromEntries(Object.entries(baseFiles()).map(([file, text]) => [`app/${file}`, text])));
    git(root, "init", "-q");
    writeFiles(root, { "app/src/a.ts": secretWrite(), "other/src/a.ts": secretWrite() });
    git(root, "add", "-A");
    expect(stagedFiles(join(root, "app"))).toContain("src/a.ts");
    expect(stagedFiles(join(root, "app"))).not.toContain("other/src/a.ts");
    const staged = readStagedFiles(join(root, "app"), ["src/a.ts", "src/missing.ts"]);
    expect(staged.get("src/a.ts")).toBe(secretWrite());
    expect(staged.get("src/missing.ts")).toBeInstanceOf(Error);
    const { stdout } = await run(["check", "app", "--staged", "--format", "json"], { cwd: root });
    expect(findings(stdout)).toEqual(["src/a.ts:4 secret-guardrails/no-secret-settings-write"]);
  });
});

describe("--changed-since", () => {
  it("checks the files changed since the merge base (committed, modified and untracked)", async () => {
    const root = committedRepo();
    git(root, "checkout", "-q", "-b", "feature");
    writeFiles(root, { "src/committed.ts": secretWrite() });
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "feature");
    writeFiles(root, { "src/untracked.ts": secretWrite() });
    writeFileSync(join(root, "src/clean.ts"), secretWrite());
    expect(filesChangedSince(root, "main")).toEqual(["src/clean.ts", "src/committed.ts", "src/untracked.ts"]);
    const { code, stdout } = await run(["check", root, "--changed-since", "main", "--format", "json"]);
    expect(code).toBe(1);
    expect(findings(stdout).map((finding) => finding.split(":")[0])).toEqual(["src/clean.ts", "src/committed.ts", "src/untracked.ts"]);
  });

  it("exits 2 on an unknown ref", async () => {
    const { code, stderr } = await run(["check", committedRepo(), "--changed-since", "no-such-ref"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'guardrails: unknown revision "no-such-ref" (--changed-since needs a branch, tag or commit of this repository; in a shallow CI checkout, fetch it first)\n',
    );
  });
});
