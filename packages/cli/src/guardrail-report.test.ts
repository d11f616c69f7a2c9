import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles, makeRepo, secretWrite } from "../test/helpers.js";
import { guardrailReport, REPORT_USAGE } from "./guardrail-report.js";

async function report(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await guardrailReport(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env: { GUARDRAILS_CACHE_DIR: process.env.GUARDRAILS_CACHE_DIR, ...env },
  });
  return { code, stdout, stderr };
}

describe("guardrail-report", () => {
  it("writes JSON, SARIF and Markdown, appends the summary, prints stylish and the annotations in Actions", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const summary = join(root, "step-summary.md");
    writeFileSync(summary, "# Earlier step\n");
    const { code, stdout, stderr } = await report([], root, { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    const dir = join(root, "guardrail-report");
    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    expect(markdown).toMatch(/^## Architecture Guardrails\n/);
    expect(markdown).toContain("### Secret inventory");
    expect(readFileSync(summary, "utf8")).toBe(`# Earlier step\n${markdown}`);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toMatchObject({ root: ".", summary: { errors: 1 } });
    expect(JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8")).version).toBe("2.1.0");
    // stylish first, then the annotations (the file the check wrote).
    const annotations = readFileSync(join(dir, "annotations.txt"), "utf8");
    expect(annotations).toMatch(/^::error file=src\/settings\.ts,line=4,col=68,/);
    expect(stdout.endsWith(annotations)).toBe(true);
    expect(stdout).toContain("✖ 1 problem (1 error, 0 warnings) in 1 file");
  });

  it("checks . when the first argument is an option, honours GUARDRAIL_REPORT_DIR, writes no annotations outside Actions", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "ci/exclude.json": JSON.stringify({ exclude: ["src/settings.ts"] }) }));
    writeFileSync(join(root, "stale.txt"), "");
    const { code, stdout } = await report(["--config", "ci/exclude.json"], root, { GUARDRAIL_REPORT_DIR: "out/reports" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^✔ No guardrail problems/);
    expect(existsSync(join(root, "out/reports/report.sarif"))).toBe(true);
    expect(existsSync(join(root, "out/reports/annotations.txt"))).toBe(false);
  });

  it("exits 2 when the check cannot run, leaving no stale reports", async () => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": "{ nope", "guardrail-report/report.json": "{}", "guardrail-report/annotations.txt": "" }));
    const { code, stderr } = await report(["."], root, { GITHUB_ACTIONS: "true" });
    expect(code).toBe(2);
    expect(stderr).toContain("guardrails: invalid config:");
    expect(existsSync(join(root, "guardrail-report/report.json"))).toBe(false);
    expect(existsSync(join(root, "guardrail-report/annotations.txt"))).toBe(false);
  });

  it("prints its usage with --help", async () => {
    expect(await report(["--help"], makeRepo({}))).toEqual({ code: 0, stdout: REPORT_USAGE, stderr: "" });
  });
});
