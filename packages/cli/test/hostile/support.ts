/**
 * Shared by the hostile-input suites: the CLI in-process (../helpers.ts), random secrets, trees
 * written in a chosen order, and the accounting of a run (every in-scope file analysed or reported).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isSourceText, listSourceFiles, loadRegistry, prescan, readSourceFiles } from "@secret-guardrails/core";
import { parse } from "@typescript-eslint/parser";
import ts from "typescript";
import { expect } from "vitest";
import { expectFreshBuild } from "../../../../vitest.build-output.js";
import type { Report } from "../../src/report.js";
import { makeRepo, run, type RunResult } from "../helpers.js";

export { makeRepo, run, type RunResult } from "../helpers.js";

export const WORKSPACE = fileURLToPath(new URL("../../../../", import.meta.url));
export const FIXTURES = join(WORKSPACE, "fixtures");
export const BIN = join(WORKSPACE, "packages/cli/dist/bin.js");

/** A fresh random value that cannot occur in any output by chance: `<prefix>_<24 base64url chars>`. */
export function randomSecret(prefix = "planted"): string {
  return `${prefix}_${randomBytes(18).toString("base64url")}`;
}

/** A temporary copy of `fixtures/<name>` (removed after the test file). */
export function copyFixture(name: string): string {
  const root = makeRepo({});
  cpSync(join(FIXTURES, name), root, { recursive: true, verbatimSymlinks: true });
  return root;
}

/** Writes files one by one in the given order (directory entries then come in that creation order). */
export function writeInOrder(root: string, files: readonly (readonly [string, string])[]): void {
  for (const [file, text] of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

export function parseReport(result: RunResult): Report {
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Report;
}

/** `guardrails check ROOT --format json` in-process, asserting a report (exit 0 or 1) came out. */
export async function checkJson(root: string, ...args: string[]): Promise<Report> {
  const result = await run(["check", root, "--format", "json", ...args]);
  expect(result.stderr).toBe("");
  expect([0, 1]).toContain(result.code);
  return JSON.parse(result.stdout) as Report;
}

/** "file category line:column" of each finding: short, readable expectations. */
export function brief(report: Report): string[] {
  return report.findings.map((finding) => `${finding.file} ${finding.category} ${finding.line}:${finding.column}`);
}

/**
 * Fail closed, checked from the outside: every file in scope (the registry's include/exclude,
 * .gitignore) is either read (`filesAnalyzed`) or an `analysis-error` finding; and every file the
 * pre-scan selects for parsing (it mentions a settings model, secret, env var, raw SQL or admin
 * marker) either parses or is an `analysis-error` finding. A file that mentions none of these is
 * analysed by the pre-scan alone: nothing in it can matter to a check.
 * Returns the in-scope files.
 */
export function expectEveryFileAccountedFor(root: string, report: Report): string[] {
  const { registry } = loadRegistry({ root });
  const files = listSourceFiles(root, registry);
  const reads = readSourceFiles(root, files);
  const errored = new Set(report.findings.filter((finding) => finding.category === "analysis-error").map((finding) => finding.file));
  const unaccounted: string[] = [];
  for (const read of reads) {
    if (!isSourceText(read)) {
      if (!errored.has(read.file)) unaccounted.push(`${read.file}: unreadable (${read.error}) but not reported`);
    } else if (prescan(read.text, registry, read.file).relevant && !errored.has(read.file) && !parsesWithTypeScript(read.file, read.text)) {
      unaccounted.push(`${read.file}: does not parse but not reported`);
    }
  }
  expect(unaccounted).toEqual([]);
  expect(report.summary.filesAnalyzed).toBe(reads.filter(isSourceText).length);
  return files;
}

/** Every file under `dir` (relative POSIX paths), following no symlink. */
export function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, path));
    else out.push(path);
  }
  return out.sort();
}

/**
 * The built CLI in a child process with a time limit: for inputs that would block a synchronous
 * read forever (a FIFO, /dev/zero), which no in-process timeout can interrupt.
 */
export function runBin(args: readonly string[], timeoutMs: number): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  expectFreshBuild();
  const result = spawnSync(process.execPath, ["--max-old-space-size=1024", BIN, ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Does the text parse as TypeScript (JSX in .tsx/.jsx)? The parser the ESLint engine uses. */
/**
 * Does TypeScript's parser, which the checker analyses with, read the file without a syntax error?
 * (It recovers from what only its type checker calls a grammar error, such as a misplaced
 * decorator, which ESLint's parser refuses: the checker analyses such a file.)
 */
function parsesWithTypeScript(file: string, text: string): boolean {
  const kind = /x$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind) as unknown as { parseDiagnostics: readonly unknown[] };
  return tree.parseDiagnostics.length === 0;
}

/** Does ESLint's parser (typescript-estree) read the file? */
export function parses(file: string, text: string): boolean {
  try {
    parse(text, { ecmaVersion: "latest", sourceType: "module", ecmaFeatures: { jsx: /x$/.test(file) }, filePath: file });
    return true;
  } catch {
    return false;
  }
}
