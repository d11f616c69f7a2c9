import { afterEach, describe, expect, it } from "vitest";
import { PrismaSchemaError, createRegistry, listSourceFiles, readSourceFiles, type SourceReadResult } from "@secret-guardrails/core";
import { defineCheck } from "./check.js";
import { runChecker } from "./run-checker.js";
import { removeTempTree, writeTempTree } from "./testing/temp-tree.js";

const registry = createRegistry({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } });

let root: string | undefined;
afterEach(() => {
  if (root) removeTempTree(root);
  root = undefined;
});

const reportEveryRelevantFile = defineCheck({
  id: "report-every-file",
  meta: { description: "Report every relevant file", category: "missing-env-guidance", defaultSeverity: "warning", messages: { here: "here: {{name}}" } },
  run(context, report) {
    for (const file of context.relevantFiles) report.atCompilerNode(file.statements[0]!, { messageId: "here", data: { name: file.fileName.split("/").pop()! } });
  },
});

const crashing = defineCheck({
  id: "crashing-check",
  meta: { description: "Crash", category: "db-before-env", defaultSeverity: "error", messages: { never: "never" } },
  run() {
    throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere");
  },
});

function setup(files: Record<string, string>): { root: string; files: SourceReadResult[] } {
  root = writeTempTree(files);
  return { root, files: readSourceFiles(root, listSourceFiles(root, registry)) };
}

describe("runChecker", () => {
  // The crash's message is shown with quoted text redacted: a library's message can quote the code.
  it("isolates a crashing check: an analysis-error naming it, the other checks still report", () => {
    const input = setup({ "b.ts": "export const b = process.env.SMTP_PASSWORD;\n", "a.ts": "export const a = process.env.SMTP_PASSWORD;\n" });
    const result = runChecker({ ...input, registry, checks: [crashing, reportEveryRelevantFile] });
    expect(result.findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.message])).toEqual([
      [
        ".",
        1,
        1,
        "secret-guardrails/analysis-error",
        'The check "crashing-check" failed (TypeError: Cannot read properties of undefined (reading \'[redacted]\')); its findings are missing from this report. This is a bug in Secret Guardrails: please report it.',
      ],
      ["a.ts", 1, 1, "secret-guardrails/report-every-file", "here: a.ts"],
      ["b.ts", 1, 1, "secret-guardrails/report-every-file", "here: b.ts"],
    ]);
    expect(result.filesAnalyzed).toBe(2);
    expect(result.filesLoaded).toBe(2);
  });

  it("turns read errors and schema errors into analysis-error findings at their positions", () => {
    const input = setup({ "a.ts": "export {};\n" });
    const result = runChecker({
      ...input,
      files: [...input.files, { file: "bad.ts", error: "not valid UTF-8" }],
      registry,
      checks: [],
      schemaFiles: [],
      schemaErrors: [new PrismaSchemaError("prisma/schema.prisma", 7, 3, "Expecting token of type --> Identifier <--")],
    });
    expect(result.findings.map((f) => [f.category, f.file, f.line, f.column, f.message])).toEqual([
      ["analysis-error", "bad.ts", 1, 1, "Cannot analyse this file: not valid UTF-8. Fix or exclude it; a file that is not analysed is never a silent pass."],
      [
        "analysis-error",
        "prisma/schema.prisma",
        7,
        3,
        "Cannot analyse this file: cannot parse Prisma schema: Expecting token of type --> Identifier <--. Fix or exclude it; a file that is not analysed is never a silent pass.",
      ],
    ]);
  });

  it("reports a module the value-flow engine follows a call into and cannot parse, at its syntax error, and counts what it parsed", () => {
    const input = setup({
      "src/mail.ts": 'import { pick } from "./pick";\nexport const send = (row: { smtpPassword: string }) => pick(row.smtpPassword);\n',
      "src/pick.ts": "export const pick = (value: string) => [value, 2;\n",
      "src/unrelated.ts": "export const u = [1, 2;\n",
    });
    const result = runChecker({ ...input, registry, checks: [] });
    expect(result.findings.map((f) => [f.category, f.file, f.line, f.column])).toEqual([["analysis-error", "src/pick.ts", 1, 49]]);
    expect(result.filesLoaded).toBe(2); // mail.ts up front, pick.ts when its call was followed; never unrelated.ts
  });

  it("reports a file whose value-flow analysis runs past the per-file budget as not analysed; the project checks still run", () => {
    const input = setup({
      "src/settings.ts": 'export const save = (db: any) => db.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: "x" } });\n',
    });
    const result = runChecker({ ...input, registry, checks: [reportEveryRelevantFile], fileBudgetMs: 0 });
    expect(result.findings.map((f) => [f.category, f.file, f.line, f.message])).toEqual([
      [
        "analysis-error",
        "src/settings.ts",
        1,
        "Cannot analyse this file: its analysis took longer than 0 ms. Fix or exclude it; a file that is not analysed is never a silent pass.",
      ],
      ["missing-env-guidance", "src/settings.ts", 1, "here: settings.ts"],
    ]);
  });

  it("keeps only findings in onlyFiles, while still analysing everything", () => {
    const input = setup({ "a.ts": "export const a = process.env.SMTP_PASSWORD;\n", "b.ts": "export const b = process.env.SMTP_PASSWORD;\n" });
    const result = runChecker({ ...input, registry, checks: [reportEveryRelevantFile], onlyFiles: ["b.ts"] });
    expect(result.findings.map((f) => f.file)).toEqual(["b.ts"]);
  });

  it("is deterministic whatever the order of the input files", () => {
    const input = setup({
      "z.ts": "export const z = process.env.SMTP_PASSWORD;\n",
      "m/a.ts": "export const a = process.env.SMTP_PASSWORD;\n",
      "b.ts": "export const b = process.env.SMTP_PASSWORD;\n",
    });
    const forward = runChecker({ ...input, registry, checks: [reportEveryRelevantFile] });
    const backward = runChecker({ ...input, files: [...input.files].reverse(), registry, checks: [reportEveryRelevantFile] });
    expect(JSON.stringify(backward.findings)).toBe(JSON.stringify(forward.findings));
    expect(forward.findings.map((f) => f.file)).toEqual(["b.ts", "m/a.ts", "z.ts"]);
  });

  it("reports progress per phase and per check", () => {
    const input = setup({ "a.ts": "export const a = process.env.SMTP_PASSWORD;\n" });
    const events: unknown[] = [];
    runChecker({ ...input, registry, checks: [reportEveryRelevantFile], onProgress: (event) => events.push(event) });
    expect(events).toEqual([
      { phase: "load", files: 1 },
      { phase: "loaded", loadedFiles: 1, relevantFiles: 1 },
      { phase: "analyse", file: "a.ts", index: 0, total: 1 },
      { phase: "check", check: "report-every-file", index: 0, total: 1 },
    ]);
  });

  it("hands the Prisma schemas to the checks as text files", () => {
    const input = setup({ "prisma/schema.prisma": "model SystemSettings {\n  id String @id\n}\n", "a.ts": "export {};\n" });
    const seen: string[] = [];
    const textCheck = defineCheck({
      id: "text-files",
      meta: { description: "List text files", category: "db-before-env", defaultSeverity: "error", messages: { m: "m" } },
      run(context) {
        seen.push(...context.textFiles.keys());
      },
    });
    runChecker({ ...input, registry, checks: [textCheck] });
    expect(seen).toEqual(["prisma/schema.prisma"]);
  });
});
