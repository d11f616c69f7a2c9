import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../vitest.build-output.js";
import { parse } from "yaml";
import { baseFiles, makeRepo, secretWrite } from "./helpers.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
const SCRIPT = join(WORKSPACE, "scripts/guardrail-report");

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly jobs: Record<string, { name: string; permissions: Record<string, string>; steps: Step[] }>;
}
interface Action {
  readonly inputs: Record<string, { default?: string }>;
  readonly outputs: Record<string, { value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

const read = <T>(file: string) => parse(readFileSync(join(WORKSPACE, file), "utf8")) as T;

function report(root: string, env: Record<string, string>, ...args: string[]) {
  expectFreshBuild(); // scripts/guardrail-report runs packages/cli/dist (and would build a missing one)
  const { PATH, HOME, GUARDRAILS_CACHE_DIR } = process.env;
  return spawnSync("bash", [SCRIPT, root, ...args], { cwd: root, encoding: "utf8", env: { PATH, HOME, GUARDRAILS_CACHE_DIR, ...env } });
}

describe("scripts/guardrail-report (a thin wrapper of the CLI package's guardrail-report)", () => {
  it("writes the reports, prints stylish, exits with the check's code", () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const summary = join(root, "step-summary.md");
    writeFileSync(summary, "# Earlier step\n");
    const result = report(root, { GITHUB_STEP_SUMMARY: summary });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 1 problem (1 error, 0 warnings)");
    const dir = join(root, "guardrail-report");
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toMatchObject({ schemaVersion: 1, summary: { errors: 1 } });
    expect(readFileSync(summary, "utf8")).toBe(`# Earlier step\n${readFileSync(join(dir, "summary.md"), "utf8")}`);
  });

  it("exits 2 when the check cannot run", () => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": "{ nope" }));
    const result = report(root, {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("invalid config");
  });
});

describe("the GitHub Action (action.yml)", () => {
  const action = read<Action>("action.yml");
  const reportStep = action.runs.steps.find((step) => step.id === "report")!;

  /** Runs the action's report step as the runner would: inputs as env, outputs into $GITHUB_OUTPUT. */
  function runReportStep(cwd: string, inputs: Record<string, string> = {}) {
    const with_ = (name: string) => inputs[name] ?? action.inputs[name]!.default ?? "";
    const outputFile = join(cwd, "github-output.txt");
    writeFileSync(outputFile, "");
    const { PATH, HOME, GUARDRAILS_CACHE_DIR } = process.env;
    const result = spawnSync("bash", ["-e", "-c", reportStep.run!], {
      cwd,
      encoding: "utf8",
      env: {
        PATH,
        HOME,
        GUARDRAILS_CACHE_DIR,
        GITHUB_ACTIONS: "true",
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: join(cwd, "step-summary.md"),
        GUARDRAIL_REPORT_DIR: with_("report-dir"),
        INPUT_ROOT: with_("root"),
        INPUT_ARGS: with_("args"),
      },
    });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    return { ...result, outputs };
  }

  it("is a composite action: the report step, the SARIF upload (also after findings), then failing on findings", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps.map((step) => step.id ?? step.uses ?? step.name)).toEqual([
      "report",
      "github/codeql-action/upload-sarif@v3",
      "Fail on findings",
    ]);
    expect(action.runs.steps[1]!.if).toBe("always() && inputs.upload-sarif == 'true' && steps.report.outputs.sarif-file != ''");
    expect(action.runs.steps[2]!.if).toBe("always() && steps.report.outputs.exit-code != '0'");
    expect(Object.keys(action.inputs)).toEqual(["root", "args", "working-directory", "report-dir", "upload-sarif", "sarif-category"]);
    expect(Object.keys(action.outputs)).toEqual(["exit-code", "report-dir", "sarif-file"]);
  });

  it("runs the CLI installed in the user's node_modules and reports its outputs", () => {
    expectFreshBuild();
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "ci/config.json": "{}" }));
    mkdirSync(join(root, "node_modules/@secret-guardrails"), { recursive: true });
    symlinkSync(join(WORKSPACE, "packages/cli"), join(root, "node_modules/@secret-guardrails/cli"));
    const result = runReportStep(root, { args: "--config ci/config.json  --max-warnings 0" });
    expect(result.status).toBe(0);
    expect(result.outputs).toEqual({
      "report-dir": join(root, "guardrail-report"),
      "exit-code": "1",
      "sarif-file": join(root, "guardrail-report/report.sarif"),
    });
    expect(result.stdout).toMatch(/^::error file=src\/settings\.ts,line=4,col=68,/m);
    expect(readFileSync(join(root, "step-summary.md"), "utf8")).toContain("### Secret inventory");
    expect(JSON.parse(readFileSync(join(root, "guardrail-report/report.json"), "utf8")).registry.config).toBe("ci/config.json");
  });

  it("says how to install the CLI when it is not installed (exit code 2, no SARIF)", () => {
    const root = makeRepo(baseFiles());
    const result = runReportStep(root);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `::error title=Secret Guardrails::@secret-guardrails/cli is not installed in ${root}: add it as a dev dependency (npm i -D @secret-guardrails/cli) and install your dependencies before this step\n`,
    );
    expect(result.outputs).toEqual({ "report-dir": join(root, "guardrail-report"), "exit-code": "2" });
    expect(existsSync(join(root, "guardrail-report"))).toBe(false);
  });
});

describe("workflows", () => {
  it("the template for users runs the released action after installing their dependencies", () => {
    const template = read<Workflow>("docs/ci/architecture-guardrails.yml");
    const job = template.jobs.guardrails!;
    expect(job.name).toBe("Architecture Guardrails");
    expect(job.permissions).toMatchObject({ "security-events": "write", contents: "read" });
    const steps = job.steps.map((step) => step.uses ?? step.run);
    expect(steps).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "npm ci", "secret-guardrails/secret-guardrails@v0", "actions/upload-artifact@v4"]);
  });

  it("this repository's Architecture Guardrails job is the template with the action of its checkout", () => {
    const job = read<Workflow>(".github/workflows/architecture-guardrails.yml").jobs.guardrails!;
    expect(job.name).toBe("Architecture Guardrails");
    expect(job.permissions).toMatchObject({ "security-events": "write", contents: "read" });
    const action = job.steps.find((step) => step.uses === "./")!;
    expect(action.with).toEqual({ root: ".", args: "--config .github/guardrails.config.json" });
    expect(job.steps.map((step) => step.uses ?? step.run)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm i -g pnpm@10",
      "pnpm install --frozen-lockfile",
      "./",
      "actions/upload-artifact@v4",
    ]);
    // The action resolves the CLI from the workspace's node_modules: the root depends on it.
    const pkg = JSON.parse(readFileSync(join(WORKSPACE, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies["@secret-guardrails/cli"]).toBe("workspace:*");
  });

  it("CI runs typecheck, lint and test as separate steps", () => {
    const steps = read<Workflow>(".github/workflows/ci.yml").jobs.ci!.steps.map((step) => step.run);
    expect(steps.indexOf("pnpm typecheck")).toBeGreaterThan(0);
    expect(steps.indexOf("pnpm lint")).toBeGreaterThan(steps.indexOf("pnpm typecheck"));
    expect(steps.indexOf("pnpm test")).toBeGreaterThan(steps.indexOf("pnpm lint"));
  });
});
