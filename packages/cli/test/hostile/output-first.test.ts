/**
 * Bounded: an output the run cannot write fails at once, exit 2 naming the file, before any
 * analysis (not after the whole run, nor after another format was already printed).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SYNOPSIS } from "../../src/main.js";
import { baseFiles, secretWrite } from "../helpers.js";
import { makeRepo, run } from "./support.js";

describe("an --output that cannot be created is exit 2 before the run", () => {
  const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
  const out = makeRepo({ "a-file": "x\n" });
  mkdirSync(join(out, "a-directory"));

  it.each([
    ["under a file", () => join(out, "a-file/report.json"), "ENOTDIR"],
    ["that is a directory", () => join(out, "a-directory"), "EISDIR"],
    ["under /dev/null", () => "/dev/null/report.json", "ENOTDIR"],
  ])("an --output %s", async (_name, file, code) => {
    // stylish first, to stdout: it used to be printed before the json output failed.
    const result = await run(["check", root, "--format", "stylish", "--format", "json", "--output", file(), "--debug"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    // No timing line: nothing was analysed.
    expect(result.stderr.split("\n")[0]).toBe(`guardrails: cannot write ${file()} (${code})`);
    expect(result.stderr).not.toContain("debug:");
  });

  it("a --baseline to write with --update-baseline, and the outputs of merge", async () => {
    const baseline = await run(["check", root, "--baseline", join(out, "a-file/baseline.json"), "--update-baseline", "--debug"]);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr.split("\n")[0]).toBe(`guardrails: cannot write ${join(out, "a-file/baseline.json")} (ENOTDIR)`);
    expect(baseline.stderr).not.toContain("debug:");
    writeFileSync(join(out, "not-a-report.json"), "{}");
    const merge = await run(["merge", join(out, "not-a-report.json"), "--format", "json", "--output", join(out, "a-directory")]);
    expect(merge.stderr).toBe(`guardrails: cannot write ${join(out, "a-directory")} (EISDIR)\n${SYNOPSIS}Run \`guardrails --help\` for every option.\n`);
    expect(merge.code).toBe(2);
  });
});
