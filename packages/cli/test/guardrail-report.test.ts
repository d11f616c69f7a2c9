import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { baseFiles, makeRepo, secretWrite } from "./helpers.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
const SCRIPT = join(WORKSPACE, "scripts/guardrail-report");

function report(root: string, env: Record<string, string>, ...args: string[]) {
  const { PATH, HOME } = process.env;
  return spawnSync("bash", [SCRIPT, root, ...args], { cwd: root, encoding: "utf8", env: { PATH, HOME, ...env } });
}

describe("scripts/guardrail-report", () => {
  it("writes JSON, SARIF and Markdown, appends the summary to $GITHUB_STEP_SUMMARY, prints stylish, exits with the check's code", () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const summary = join(root, "step-summary.md");
    writeFileSync(summary, "# Earlier step\n");
    const result = report(root, { GITHUB_STEP_SUMMARY: summary });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 1 problem (1 error, 0 warnings)");
    const dir = join(root, "guardrail-report");
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toMatchObject({ schemaVersion: 1, summary: { errors: 1 } });
    expect(JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8"))).toMatchObject({ version: "2.1.0" });
    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    expect(readFileSync(summary, "utf8")).toBe(`# Earlier step\n${markdown}`);
    expect(existsSync(join(dir, "annotations.txt"))).toBe(false);
  });

  it("prints annotations in GitHub Actions, honours GUARDRAIL_REPORT_DIR and extra options, exits 0 when clean", () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const dirty = report(root, { GITHUB_ACTIONS: "true", GUARDRAIL_REPORT_DIR: "out" });
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toMatch(/^::error file=.*src\/settings\.ts,line=4,col=68,/m);
    expect(existsSync(join(root, "out/report.sarif"))).toBe(true);
    writeFileSync(join(root, "exclude.json"), JSON.stringify({ exclude: ["src/settings.ts"] }));
    const clean = report(root, { GUARDRAIL_REPORT_DIR: "out" }, "--config", "exclude.json");
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("No guardrail problems");
  });

  it("exits 2 when the check cannot run, leaving no stale reports", () => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": "{ nope", "guardrail-report/report.json": "{}" }));
    const result = report(root, {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("invalid config");
    expect(existsSync(join(root, "guardrail-report/report.json"))).toBe(false);
  });
});

describe("workflows", () => {
  const read = (file: string) => readFileSync(join(WORKSPACE, file), "utf8");

  it("the Architecture Guardrails job runs the script, uploads SARIF (always) and the report", () => {
    const workflow = read(".github/workflows/architecture-guardrails.yml");
    expect(workflow).toContain("    name: Architecture Guardrails\n");
    expect(workflow).toContain("run: npm i -g pnpm@10");
    expect(workflow).toContain("node-version: 20");
    expect(workflow).toContain("run: scripts/guardrail-report .");
    expect(workflow).toMatch(/if: always\(\)[^\n]*\n\s+uses: github\/codeql-action\/upload-sarif@v3/);
    expect(workflow).toContain("security-events: write");
    expect(workflow).toContain("uses: actions/upload-artifact@v4");
  });

  it("CI runs typecheck, lint and test as separate steps", () => {
    const workflow = read(".github/workflows/ci.yml");
    expect(workflow.indexOf("run: pnpm typecheck")).toBeGreaterThan(0);
    expect(workflow.indexOf("run: pnpm lint")).toBeGreaterThan(workflow.indexOf("run: pnpm typecheck"));
    expect(workflow.indexOf("run: pnpm test")).toBeGreaterThan(workflow.indexOf("run: pnpm lint"));
  });
});
