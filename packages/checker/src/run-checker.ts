/**
 * One run of the architecture checker: load the project once, build the shared context, run every
 * check in isolation (a crashing check becomes an `analysis-error`, the others still run), and
 * return sorted, de-duplicated findings.
 */
import { readFileSync } from "node:fs";
import type { TS } from "@secret-guardrails/analysis";
import { join } from "node:path";
import {
  analysisErrorFinding,
  findPrismaSchemas,
  isSourceText,
  listSourceFiles,
  loadRegistry,
  matchesGlobs,
  readSourceFiles,
  sortFindings,
  type Finding,
  type PrismaSchemaError,
  type SecretRegistry,
  type SourceFacts,
  type SourceReadResult,
  type SourceText,
  type TreeWalk,
  redactedErrorLine,
} from "@secret-guardrails/core";
import { applyCheck, type Check, type CheckContext } from "./check.js";
import { SETTINGS_PATH } from "./admin-ui.js";
import { checks as allChecks } from "./checks/index.js";
import { FlowResults } from "./flow.js";
import { loadProject, type LoadedProject } from "./load-project.js";

export interface RunCheckerOptions {
  /** The scanned root. */
  readonly root: string;
  readonly registry: SecretRegistry;
  /** Every listed source file, read once by the caller; read errors become `analysis-error` findings. */
  readonly files: readonly SourceReadResult[];
  /** `schema.prisma` files, root-relative (default: found under the root). Read as text for the checks. */
  readonly schemaFiles?: readonly string[];
  /** Schemas that did not parse (`loadRegistry(...).schemaErrors`): reported as `analysis-error`. */
  readonly schemaErrors?: readonly PrismaSchemaError[];
  /**
   * Keep only findings that touch these root-relative files (`--staged`): in one of them, or with a
   * related location in one (a call site elsewhere passing a secret to a helper changed here).
   */
  readonly onlyFiles?: readonly string[];
  readonly onProgress?: (event: CheckerProgress) => void;
  /** The caller's (cached) pre-scan verdict per file; default: `prescan(text, registry, file).relevant`. */
  readonly isRelevant?: (source: SourceText) => boolean;
  /** Where the project selection starts (see `LoadProjectOptions.isSeed`); default every relevant file. */
  readonly isSeed?: (source: SourceText) => boolean;
  /** Can a file's exports carry a secret to its importers (see `LoadProjectOptions.supplies`)? */
  readonly supplies?: (source: SourceText) => boolean;
  /** Files analysed although not relevant (see `LoadProjectOptions.isSite`): those the ESLint rules would lint. */
  readonly isSite?: (source: SourceText) => boolean;
  /** The caller's walk of the root (see `walkTree`), reused for the workspace layout. */
  readonly tree?: TreeWalk;
  /** What the caller's file index knows of a file (see `LoadProjectOptions.sourceFacts`). */
  readonly sourceFacts?: (file: string) => SourceFacts | undefined;
  /** The checks to run (default: all). */
  readonly checks?: readonly Check[];
  /** Milliseconds one file's value-flow analysis may take before it is an `analysis-error` (default 20 s). */
  readonly fileBudgetMs?: number;
}

/** A file whose analysis takes longer than this is reported as not analysed rather than hanging the run. */
const DEFAULT_FILE_BUDGET_MS = 20_000;

export type CheckerProgress =
  | { readonly phase: "load"; readonly files: number }
  | { readonly phase: "loaded"; readonly loadedFiles: number; readonly relevantFiles: number }
  | { readonly phase: "analyse"; readonly file: string; readonly index: number; readonly total: number }
  | { readonly phase: "check"; readonly check: string; readonly index: number; readonly total: number };

export interface CheckerResult {
  /** Sorted by file, line, column, rule id. */
  readonly findings: readonly Finding[];
  /** Source files read and pre-scanned, plus the Prisma schemas. */
  readonly filesAnalyzed: number;
  /** Source files parsed: loaded into the ts-morph project, or on demand by the value-flow engine. */
  readonly filesLoaded: number;
  /** Milliseconds: project load (and its phases: workspace layout, file selection, parsing) and each check. */
  readonly timings: {
    readonly loadMs: number;
    readonly load: LoadedProject["timings"];
    readonly checks: Readonly<Record<string, number>>;
  };
}

/** Runs every check. Throws `ProjectConfigError` for an unusable tsconfig.json (the CLI exits 2). */
export function runChecker(options: RunCheckerOptions): CheckerResult {
  const { root, registry } = options;
  const findings: Finding[] = [];
  const texts = options.files.filter(isSourceText);
  for (const result of options.files) {
    if (!isSourceText(result)) findings.push(analysisErrorFinding({ file: result.file, reason: result.error }));
  }
  for (const error of options.schemaErrors ?? []) {
    findings.push(analysisErrorFinding({ file: error.file, line: error.line, column: error.column, reason: schemaReason(error) }));
  }

  const textFiles = new Map<string, string>();
  const schemaFiles = options.schemaFiles ?? findPrismaSchemas(root, registry.exclude);
  for (const file of schemaFiles) {
    try {
      textFiles.set(file, readFileSync(join(root, file), "utf8").replace(/^\uFEFF/, ""));
    } catch {
      // loadRegistry already reported an unreadable schema as a schema error.
    }
  }

  options.onProgress?.({ phase: "load", files: texts.length });
  const loadStart = performance.now();
  const loaded = loadProject({
    root,
    registry,
    files: texts,
    // The admin settings UI pages (those that mention a secret are relevant anyway), not every admin page.
    alwaysRelevant: (file) => SETTINGS_PATH.test(file) && matchesGlobs(file, registry.admin.uiGlobs),
    inProject: (file) => matchesGlobs(file, registry.admin.uiGlobs),
    ...(options.isRelevant ? { isRelevant: options.isRelevant } : {}),
    ...(options.isSeed ? { isSeed: options.isSeed } : {}),
    ...(options.isSite ? { isSite: options.isSite } : {}),
    ...(options.supplies ? { supplies: options.supplies } : {}),
    ...(options.sourceFacts ? { sourceFacts: options.sourceFacts } : {}),
    ...(options.tree ? { tree: options.tree } : {}),
  });
  const loadMs = performance.now() - loadStart;
  options.onProgress?.({ phase: "loaded", loadedFiles: loaded.loadedFiles.length, relevantFiles: loaded.relevantFiles.length });
  findings.push(...loaded.parseErrors);

  const relevant = new Set<object>(loaded.relevantFiles);
  const modelNames = new Set(registry.settingsModels.map((model) => model.name));
  const flow = new FlowResults({
    registry,
    roots: loaded.roots as unknown as readonly TS.SourceFile[],
    focusOf: (file) => {
      if (relevant.has(file)) return undefined;
      return {
        supplies: (specifier) => {
          const target = loaded.resolver.resolve(specifier, file.fileName);
          return target !== undefined && loaded.isSupplier(target);
        },
        names: modelNames,
      };
    },
    resolve: (specifier, from) => loaded.resolver.resolve(specifier, from),
    engineFile: loaded.engineFile,
    ...(options.onProgress ? { onFile: (file: string, index: number, total: number) => options.onProgress!({ phase: "analyse", file, index, total }) } : {}),
    relativePath: loaded.relativePath,
    fileBudgetMs: options.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS,
  });
  const context: CheckContext = {
    root: loaded.root,
    registry,
    project: loaded.project,
    relevantFiles: loaded.relevantFiles as unknown as readonly TS.SourceFile[],
    unanalysed: new Set(loaded.parseErrors.map((finding) => finding.file)),
    textFiles,
    relativePath: loaded.relativePath,
    flow,
  };
  // The value-flow engine runs once for every check that reads it; timed on its own.
  const flowStart = performance.now();
  try {
    for (const error of flow.errors) {
      findings.push(analysisErrorFinding(error));
    }
  } catch (error) {
    findings.push(
      analysisErrorFinding({
        file: ".",
        reason: "value-flow analysis failed",
        message: `The value-flow analysis failed (${firstLine(error)}); the findings of db-before-env, raw-secret-response, secret-in-admin-input, secret-settings-write and missing-secret-cleanup are missing from this report. This is a bug in Secret Guardrails: please report it.`,
      }),
    );
  }
  const flowMs = performance.now() - flowStart;
  const checks = [...(options.checks ?? allChecks)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const checkTimings: Record<string, number> = {};
  checks.forEach((check, index) => {
    options.onProgress?.({ phase: "check", check: check.id, index, total: checks.length });
    const start = performance.now();
    try {
      findings.push(...applyCheck(check, context));
    } catch (error) {
      findings.push(
        analysisErrorFinding({
          file: ".",
          reason: `check ${check.id} failed`,
          message: `The check "${check.id}" failed (${firstLine(error)}); its findings are missing from this report. This is a bug in Secret Guardrails: please report it.`,
        }),
      );
    }
    checkTimings[check.id] = performance.now() - start;
  });
  checkTimings["value-flow"] = flowMs;

  const only = options.onlyFiles ? new Set(options.onlyFiles) : undefined;
  const kept = only
    ? findings.filter((finding) => only.has(finding.file) || (finding.related ?? []).some((related) => only.has(related.file)))
    : findings;
  return {
    findings: dedupe(sortFindings(kept)),
    filesAnalyzed: texts.length + textFiles.size,
    filesLoaded: loaded.loadedFiles.length + loaded.lazyFilesLoaded(),
    timings: { loadMs, load: loaded.timings, checks: checkTimings },
  };
}

function schemaReason(error: PrismaSchemaError): string {
  const prefix = `${error.file}:${error.line}:${error.column}: `;
  const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return reason.replace(/[\s:.]+$/, "");
}

function firstLine(error: unknown): string {
  // A library's message can quote the code it failed on: literals and comments redacted.
  return redactedErrorLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** Drops exact repeats (same rule, place and message) that two paths of one check may produce. */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = [finding.ruleId, finding.file, finding.line, finding.column, finding.endLine, finding.endColumn, finding.message].join("\0");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface RunCheckerOnRootOptions {
  /** An explicit config file (`--config`). */
  readonly configFile?: string;
  readonly checks?: readonly Check[];
  readonly maxBytes?: number;
  readonly onlyFiles?: readonly string[];
}

/**
 * Lists, reads and checks a root in one call (tests, benchmarks, tools without ESLint). The CLI
 * does these steps itself so that both engines share one read of every file.
 * Throws `ConfigError` (core) or `ProjectConfigError`.
 */
export function runCheckerOnRoot(root: string, options: RunCheckerOnRootOptions = {}): CheckerResult {
  const { registry, schemaFiles, schemaErrors } = loadRegistry({ root, ...(options.configFile ? { configFile: options.configFile } : {}) });
  const files = readSourceFiles(root, listSourceFiles(root, registry), options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
  return runChecker({
    root,
    registry,
    files,
    schemaFiles,
    schemaErrors,
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.onlyFiles ? { onlyFiles: options.onlyFiles } : {}),
  });
}
