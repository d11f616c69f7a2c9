/**
 * The command line: `guardrails check`, `merge`, `init` and `print-config`. `main` never touches
 * `process`; it gets its streams, working directory and environment, and returns the exit code.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, redactedErrorLine, RegistryError, REPOSITORY_URL, schemaCacheDir } from "@secret-guardrails/core";
import {
  checkCommandLine,
  plainGitError,
  prepareOutput,
  relativeToCwd,
  resolveRoot,
  statOrUndefined,
  unknownChoice,
  UsageError,
  writeOutput,
} from "./args.js";
import { applyBaseline, BaselineError, formatBaseline, parseBaseline } from "./baseline.js";
import { compileCacheStats } from "./compile-cache.js";
import { filesChangedSince, GitError, stagedFiles } from "./git.js";
import { checkCompleteRun, mergeReports, MergeError, parseReport } from "./merge.js";
import { escapeControl } from "./reporters/escape.js";
import { FORMATS, isFormat, reporters, type Format } from "./reporters/index.js";
import { countSeverities, TOOL_VERSION, type BaselineEntry, type Report, type ReportFinding } from "./report.js";
import type { MainIo, OutputStream } from "./main-io.js";
import { readRuleHelp } from "./rule-docs.js";
import { parseShard } from "./shard.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

const DOCS = `${REPOSITORY_URL}/tree/main/docs`;

const COMMANDS = ["check", "init", "print-config", "merge"] as const;
type Command = (typeof COMMANDS)[number];

/** The synopsis: printed under a usage error, and at the top of --help. */
export const SYNOPSIS = `Usage: guardrails check [ROOT] [FILE...] [options]
       guardrails init [ROOT] [--force]
       guardrails print-config [ROOT] [--format text|json]
       guardrails merge REPORT.json... [options]
`;

export const USAGE = `${SYNOPSIS}
Enforces ADR 0001: runtime secrets come from the environment, never from the settings table.

Commands:
  check [ROOT] [FILE...]   Check the repository at ROOT (default: .). With FILEs, only those files.
  init [ROOT]              Discover the secret registry (settings models, secrets, env names, admin
                           patterns) and write ROOT/guardrails.config.json (--force overwrites it).
  print-config [ROOT]      Show what a check of ROOT would check: where the registry comes from, the
                           settings models, the secrets and their env vars, the files, the admin
                           patterns (--format text or json).
  merge REPORT.json...     Combine the JSON reports of several shards into one report.

Options of check:
  -f, --format NAME        Output format (repeatable): ${FORMATS.join(", ")}. Default: stylish.
  -o, --output-file FILE   Write the preceding --format to FILE instead of stdout (at most one
                           format goes to stdout; checked before the run). Also --output.
  -c, --config FILE        Config file. Default: guardrails.config.json at ROOT or in the nearest
                           directory above it.
      --staged             Only the files staged in git, as staged (for a pre-commit hook).
      --changed-since REF  Only the files changed since REF (its merge base with HEAD).
      --shard I/N          Shard I of N of a CI matrix: shard 1 runs the whole analysis, the others
                           report their own unreadable files; \`guardrails merge\` combines the
                           JSON reports (one job does the same work: see docs/scaling.md).
      --baseline FILE      Findings listed in FILE are reported as baselined and do not fail.
      --update-baseline    Write the current findings to the --baseline FILE (full runs only).
      --max-warnings N     Exit 1 when there are more than N warnings.
      --quiet              Report errors only.
      --verbose            Also list baselined findings (stylish, markdown).
      --no-cache           Neither read nor write the file index (facts of unchanged files) nor the
                           compiled code of TypeScript, kept between runs under GUARDRAILS_CACHE_DIR
                           (see Caching in docs/cli.md).
      --debug              Stack traces and a timing breakdown on stderr (never values).
  -h, --help               Show this help.
  -v, --version            Show the version.

init takes --config FILE (where to write) and --force; print-config takes --config and --format;
merge takes --format/--output-file, --baseline, --max-warnings, --quiet and --verbose.

Exit codes:
  0  no error-severity finding (baselined findings do not count)
  1  at least one error-severity finding, or more warnings than --max-warnings
  2  the tool could not do its job (bad arguments, invalid config, nothing to check: no secret
     registered, unreadable ROOT, an output that cannot be written, an incomplete merge)

Docs: ${DOCS}
  cli.md (every option, the caches), reporters.md (the formats), rules/ (one page per rule)
`;

const OPTIONS = {
  format: { type: "string", short: "f", multiple: true },
  output: { type: "string", short: "o", multiple: true },
  "output-file": { type: "string", multiple: true },
  config: { type: "string", short: "c" },
  staged: { type: "boolean" },
  "changed-since": { type: "string" },
  shard: { type: "string" },
  baseline: { type: "string" },
  "update-baseline": { type: "boolean" },
  "max-warnings": { type: "string" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  debug: { type: "boolean" },
  "no-cache": { type: "boolean" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;
const EVERY_COMMAND: readonly OptionName[] = ["debug", "help", "version"];
/** The options each command takes (besides --debug, --help, --version). */
const COMMAND_OPTIONS: Readonly<Record<Command, readonly OptionName[]>> = {
  check: (Object.keys(OPTIONS) as OptionName[]).filter((name) => name !== "force"),
  merge: ["format", "output", "output-file", "baseline", "max-warnings", "quiet", "verbose"],
  init: ["config", "force"],
  "print-config": ["config", "format", "output", "output-file"],
};

interface OutputTarget {
  readonly format: Format;
  /** Absolute path, or undefined for stdout. */
  readonly file?: string;
}

interface Common {
  readonly io: Required<MainIo>;
  readonly targets: readonly OutputTarget[];
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly debug: boolean;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  const fullIo: Required<MainIo> = { cwd: process.cwd(), env: process.env, ...io };
  const debug = argv.includes("--debug");
  try {
    return await run(argv, fullIo);
  } catch (error) {
    return fail(error, fullIo, debug);
  }
}

function fail(error: unknown, io: Required<MainIo>, debug: boolean): number {
  const known = [UsageError, ConfigError, GitError, BaselineError, MergeError, RegistryError].some((kind) => error instanceof kind);
  // Messages name paths and keys of the scanned repository: one line, no control character.
  const message = escapeControl(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) {
    io.stderr.write(`guardrails: ${message}\n${SYNOPSIS}Run \`guardrails --help\` for every option.\n`);
  } else if (error instanceof ConfigError) {
    io.stderr.write(`guardrails: invalid config: ${message}\n`);
  } else if (error instanceof Error && error.name === "ProjectConfigError") {
    // The checker's (loaded lazily): a tsconfig.json that is not valid JSON or extends a missing file.
    io.stderr.write(`guardrails: invalid tsconfig: ${message}\n`);
  } else if (known) {
    io.stderr.write(`guardrails: ${message}\n`);
  } else {
    // Not one of ours: a library's message may quote the code it failed on.
    io.stderr.write(`guardrails: internal error: ${escapeControl(redactedErrorLine(error instanceof Error ? error.message : String(error), 500))}\n`);
  }
  if (debug && error instanceof Error && error.stack) {
    // The frames only, each escaped: the message (escaped above) may hold line breaks of its own.
    const frames = error.stack.split("\n").filter((line) => /^\s+at /.test(line)).map(escapeControl);
    io.stderr.write(`${escapeControl(error.name)}: ${message}\n${frames.join("\n")}\n`);
  }
  return EXIT_FAILURE;
}

async function run(argv: readonly string[], io: Required<MainIo>): Promise<number> {
  checkCommandLine(argv, OPTIONS);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  if (values.version) {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  const [command, ...operands] = positionals;
  if (values.help || command === "help") {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (command === undefined) {
    // Misused: the usage goes where errors go.
    io.stderr.write(USAGE);
    return EXIT_FAILURE;
  }
  if (!isCommand(command)) {
    throw unknownChoice("command", command, COMMANDS, "commands");
  }
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const name = token.name as OptionName;
    if (!EVERY_COMMAND.includes(name) && !COMMAND_OPTIONS[command].includes(name)) {
      throw new UsageError(`${token.rawName} is not an option of ${command}`);
    }
  }
  if (command === "init") {
    const { runInit } = await import("./init.js");
    return runInit({ operands, io, ...(values.config !== undefined ? { config: values.config } : {}), force: values.force ?? false });
  }
  if (command === "print-config") {
    const { runPrintConfig } = await import("./print-config.js");
    return runPrintConfig({ operands, io, tokens, ...(values.config !== undefined ? { config: values.config } : {}) });
  }

  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    maxWarnings = Number(values["max-warnings"]);
    if (!/^\d+$/.test(values["max-warnings"])) throw new UsageError(`--max-warnings must be a non-negative integer, got "${values["max-warnings"]}"`);
  }
  const common: Common = {
    io,
    targets: outputTargets(tokens ?? [], io.cwd),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    debug: values.debug ?? false,
  };
  const baselineFile = values.baseline !== undefined ? resolve(io.cwd, values.baseline) : undefined;
  // Every file the run will write must be writable before it starts: not a failure after the work.
  for (const target of common.targets) if (target.file !== undefined) prepareOutput(target.file);
  if (command === "check" && values["update-baseline"] && baselineFile) prepareOutput(baselineFile);

  if (command === "merge") return runMerge(operands, baselineFile, common);

  if (values.staged && values["changed-since"] !== undefined) throw new UsageError("--staged and --changed-since cannot be combined");
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard must be I/N with 1 <= I <= N, got "${values.shard}"`);
  const { rootArg, root, files } = resolveOperands(operands, io.cwd);
  if (files.length > 0 && (values.staged || values["changed-since"] !== undefined)) {
    throw new UsageError("file arguments cannot be combined with --staged or --changed-since");
  }
  const partial = files.length > 0 || values.staged || values["changed-since"] !== undefined || shard !== undefined;
  if (values["update-baseline"]) {
    if (!baselineFile) throw new UsageError("--update-baseline needs --baseline FILE (the file to write)");
    if (partial) throw new UsageError("--update-baseline needs a full run (no --staged, --changed-since, --shard or files)");
  }
  const baseline = baselineFile && !values["update-baseline"] ? readBaselineFile(baselineFile) : undefined;

  let changed: { files: string[]; staged: boolean } | undefined;
  try {
    if (values.staged) changed = { files: stagedFiles(root), staged: true };
    else if (values["changed-since"] !== undefined) changed = { files: filesChangedSince(root, values["changed-since"]), staged: false };
    else if (files.length > 0) changed = { files, staged: false };
  } catch (error) {
    const ref = values["changed-since"];
    throw plainGitError(error, { root, rootArg, flag: values.staged ? "--staged" : "--changed-since", ...(ref !== undefined ? { ref } : {}) });
  }

  const timings = new Map<string, number>();
  const progress = createProgress(io.stderr, io.env);
  const { runCheck } = await import("./run-check.js");
  const result = await runCheck({
    root,
    rootArg,
    ...(values.config !== undefined ? { configFile: resolve(io.cwd, values.config) } : {}),
    ...(changed ? { changed } : {}),
    ...(shard ? { shard } : {}),
    ...(baseline ? { baseline } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    cacheDir: values["no-cache"] ? false : (schemaCacheDir(io.env) ?? false),
    timings,
  });
  progress?.clear();

  let report = result.report;
  if (values["update-baseline"] && baselineFile) {
    const text = formatBaseline([...result.allFindings, ...result.superseded]);
    writeOutput(baselineFile, text);
    const entries = parseBaseline(text, baselineFile);
    report = withBaseline(report, result.allFindings, entries, result.superseded);
    io.stderr.write(`guardrails: wrote ${escapeControl(relativeToCwd(io.cwd, baselineFile))} (${entries.length} entries)\n`);
  }

  const outputStarted = performance.now();
  const code = emit(report, common);
  timings.set("report", performance.now() - outputStarted);
  if (common.debug) {
    const breakdown = [...timings].map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(", ");
    io.stderr.write(`debug: ${breakdown}; total ${report.summary.durationMs} ms; checker ${result.checkerRan ? "ran" : "skipped"}\n`);
    const stats = result.checkerStats;
    if (stats) {
      const checks = Object.entries(stats.checks).map(([id, ms]) => `${id} ${Math.round(ms)} ms`).join(", ");
      const { layoutMs, selectMs, parseMs } = stats.load;
      io.stderr.write(
        `debug: checker loaded ${stats.filesLoaded} files in ${Math.round(stats.loadMs)} ms (layout ${Math.round(layoutMs)} ms, select ${Math.round(selectMs)} ms, parse ${Math.round(parseMs)} ms); ${checks}\n`,
      );
    }
    const bundles = compileCacheStats();
    if (bundles.fromCache + bundles.compiled > 0) {
      io.stderr.write(`debug: compile cache: ${bundles.fromCache} bundles loaded from it, ${bundles.compiled} compiled (this thread)\n`);
    }
  }
  return code;
}

function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

/**
 * Pairs each `--output-file` (`-o`, `--output`) with the `--format` before it (an output first waits
 * for the next `--format`).
 */
function outputTargets(tokens: readonly { kind: string; name?: string; value?: string | undefined }[], cwd: string): OutputTarget[] {
  const entries: { format: string; file?: string }[] = [];
  const pendingOutputs: string[] = [];
  for (const token of tokens) {
    if (token.kind !== "option" || token.value === undefined) continue;
    if (token.name === "format") {
      const output = pendingOutputs.shift();
      entries.push({ format: token.value, ...(output !== undefined ? { file: output } : {}) });
    } else if (token.name === "output" || token.name === "output-file") {
      const waiting = [...entries].reverse().find((entry) => entry.file === undefined);
      if (waiting) waiting.file = token.value;
      else pendingOutputs.push(token.value);
    }
  }
  for (const output of pendingOutputs) entries.push({ format: "stylish", file: output });
  if (entries.length === 0) entries.push({ format: "stylish" });

  const targets: OutputTarget[] = [];
  const files = new Set<string>();
  for (const entry of entries) {
    if (!isFormat(entry.format)) throw unknownChoice("format", entry.format, FORMATS, "valid formats");
    const file = entry.file !== undefined ? resolve(cwd, entry.file) : undefined;
    if (file !== undefined) {
      if (files.has(file)) throw new UsageError(`two formats write to the same output file ${entry.file}`);
      files.add(file);
    }
    targets.push({ format: entry.format, ...(file !== undefined ? { file } : {}) });
  }
  const toStdout = targets.filter((target) => target.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`at most one format can go to stdout (got ${toStdout.map((t) => t.format).join(", ")}); give the others an --output-file FILE`);
  }
  return targets;
}

/** ROOT and file operands: `check` (ROOT .), `check ROOT`, `check ROOT FILE...`, `check FILE...` (ROOT .). */
function resolveOperands(operands: readonly string[], cwd: string): { rootArg: string; root: string; files: string[] } {
  let rootArg = operands[0] ?? ".";
  let fileArgs = operands.slice(1);
  const first = operands[0] !== undefined ? statOrUndefined(resolve(cwd, operands[0])) : undefined;
  if (first?.isFile()) {
    rootArg = ".";
    fileArgs = [...operands];
  }
  const root = resolveRoot(rootArg, cwd);
  const files = fileArgs.map((arg) => {
    const absolute = resolve(cwd, arg);
    const path = relative(root, absolute);
    if (path === "" || path.startsWith("..") || isAbsolute(path)) throw new UsageError(`"${arg}" is not inside ROOT "${rootArg}"`);
    if (!statOrUndefined(absolute)?.isFile()) throw new UsageError(`"${arg}" is not a file`);
    return path.split(sep).join("/");
  });
  return { rootArg, root, files };
}

function readBaselineFile(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BaselineError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); create it with --update-baseline`);
  }
  return parseBaseline(text, file);
}

/** The report with the baseline applied to its findings from scratch (`superseded`: see `applyBaseline`). */
function withBaseline(
  report: Report,
  findings: readonly ReportFinding[],
  entries: readonly BaselineEntry[],
  superseded: readonly ReportFinding[] = [],
): Report {
  const cleared: ReportFinding[] = findings.map(({ baselined: _baselined, ...finding }: ReportFinding) => finding);
  const applied = applyBaseline(cleared, entries, () => true, superseded);
  return {
    ...report,
    summary: {
      ...report.summary,
      ...countSeverities(applied.findings),
      baselined: applied.findings.filter((finding) => finding.baselined).length,
      fixedBaselineEntries: applied.fixed.length,
    },
    findings: applied.findings,
    fixedBaselineEntries: applied.fixed,
  };
}

async function runMerge(operands: readonly string[], baselineFile: string | undefined, common: Common): Promise<number> {
  const { io } = common;
  if (operands.length === 0) throw new UsageError("merge needs at least one JSON report");
  const inputs = operands.map((operand) => ({ label: operand, report: readReport(resolve(io.cwd, operand), operand) }));
  checkCompleteRun(inputs);
  const merged = mergeReports(inputs.map((input) => input.report));
  // Baselined flags come from the baseline given here, never from the shards.
  const report = baselineFile ? withBaseline(merged.report, merged.report.findings, readBaselineFile(baselineFile), merged.superseded) : merged.report;
  return emit(report, common);
}

function readReport(file: string, shown: string): Report {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the JSON report ${shown} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseReport(text, shown);
}

/** Writes every requested format and returns the exit code of the report. */
function emit(report: Report, common: Common): number {
  const { io } = common;
  const shown: Report = common.quiet ? { ...report, findings: report.findings.filter((finding) => finding.severity === "error") } : report;
  for (const target of common.targets) {
    const stream = target.file === undefined ? io.stdout : undefined;
    const text = reporters[target.format](shown, {
      color: target.format === "stylish" && stream !== undefined && useColor(stream, io.env),
      verbose: common.verbose,
      // The rule pages for code scanning's help panel: read here, formatted by the reporter.
      ...(target.format === "sarif" ? { ruleHelp: readRuleHelp(shown.findings.map((finding) => finding.ruleId)) } : {}),
    });
    if (target.file === undefined) io.stdout.write(text);
    else writeOutput(target.file, text);
  }
  const { errors, warnings } = report.summary;
  if (errors > 0) return EXIT_FINDINGS;
  if (common.maxWarnings !== undefined && warnings > common.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

function useColor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/** "phase: done/total unit" on stderr, only when stderr is a TTY; throttled, cleared at the end. */
function createProgress(
  stderr: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): { update: (phase: string, done: number, total: number, unit?: string) => void; clear: () => void } | undefined {
  if (stderr.isTTY !== true || env.CI) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(phase, done, total, unit = "files") {
      const at = performance.now();
      if (done < total && at - last < 80) return;
      last = at;
      shown = true;
      stderr.write(`\r\u001b[K${phase}: ${done}/${total} ${unit}`);
    },
    clear() {
      if (shown) stderr.write("\r\u001b[K");
    },
  };
}
