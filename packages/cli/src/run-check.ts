/**
 * `guardrails check`: one registry, one listing and one read of the files, the value-flow engine
 * and the project checks through the checker over the files that can matter, then one
 * deduplicated, sorted report.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import {
  CONFIG_FILE_NAME,
  DEFAULT_MAX_FILE_BYTES,
  analysisErrorFinding,
  checkRegistry,
  clearsSecret,
  indexSourceFiles,
  isIgnoredDirectory,
  isSourceText,
  listSourceFiles,
  matchesGlobs,
  loadRegistry,
  prescan,
  readSourceFiles,
  schemaCacheDir,
  sortFindings,
  type Finding,
  type IndexedSources,
  type PrescanResult,
  type SecretRegistry,
  type SourceFacts,
  type SourceReadResult,
  type SourceText,
  type TreeWalk,
} from "@secret-guardrails/core";
import type { CheckerProgress, CheckerResult } from "@secret-guardrails/checker";
import { applyBaseline, assignFingerprints } from "./baseline.js";
import { readStagedFiles, trackedFiles } from "./git.js";
import { inventoryOfRun } from "./inventory.js";
import { deduplicate } from "./merge.js";
import { summarizeRegistry } from "./registry-summary.js";
import { countSeverities, SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION, type BaselineEntry, type Report, type ReportFinding } from "./report.js";
import { inShard, runsChecker, type Shard } from "./shard.js";

export interface ChangedFiles {
  /** Root-relative POSIX paths. */
  readonly files: readonly string[];
  /** Read the content staged in the git index rather than the working copy. */
  readonly staged: boolean;
}

export interface RunCheckOptions {
  /** Absolute path of the scanned root. */
  readonly root: string;
  /** The ROOT argument as given (the report's `root`). */
  readonly rootArg: string;
  readonly configFile?: string;
  /** Changed-files mode (`--staged`, `--changed-since`, explicit files); absent: the whole tree. */
  readonly changed?: ChangedFiles;
  readonly shard?: Shard;
  readonly baseline?: readonly BaselineEntry[];
  /** The file index cache's directory, or false for none (default: `schemaCacheDir()`; see `indexSourceFiles`). */
  readonly cacheDir?: string | false;

  readonly onProgress?: (phase: string, done: number, total: number, unit?: string) => void;
  /** Filled with the duration of each phase (for `--debug`). */
  readonly timings?: Map<string, number>;
  /** Injectable for tests: the clock in milliseconds. */
  readonly now?: () => number;
}

export interface RunCheckResult {
  readonly report: Report;
  /** Every finding of the run, fingerprinted, before baselining: with `superseded`, what `--update-baseline` writes. */
  readonly allFindings: readonly ReportFinding[];
  /** Findings not reported because a cross-file finding reports the same problem at its call site (fingerprinted). */
  readonly superseded: readonly ReportFinding[];
  /** Did the cross-file checker run? */
  readonly checkerRan: boolean;
  /** When it ran: files it loaded and where its time went (for `--debug`). */
  readonly checkerStats?: { readonly filesLoaded: number } & CheckerResult["timings"];
}

/**
 * Runs the check. Throws `ConfigError` (bad config, a registered name no settings model has),
 * `RegistryError` (nothing registered), `GitError`, or an I/O error for a bad root.
 */
export async function runCheck(options: RunCheckOptions): Promise<RunCheckResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let mark = started;
  const phase = (name: string) => {
    const at = now();
    options.timings?.set(name, (options.timings.get(name) ?? 0) + (at - mark));
    mark = at;
  };
  const { root, shard, changed } = options;

  // In a git work tree a tracked file is analysed whatever a `.gitignore` says (git tracks it, so it
  // ships): asked only for files a `.gitignore` ignores, git listed once.
  let tracked: ReadonlySet<string> | undefined | null = null;
  const isTracked = (file: string): boolean => {
    if (tracked === null) tracked = trackedFiles(root);
    return tracked?.has(file) ?? false;
  };
  const loaded = loadRegistry({ root, isTracked, searchParents: true, ...(options.configFile ? { configFile: options.configFile } : {}) });
  // Nothing to check, or a name no settings model has, is not a pass: exit 2 before any analysis.
  checkRegistry(loaded, root);
  const { registry } = loaded;
  phase("registry");

  // The files of this run: the whole tree, or the changed files that are source files (matched
  // against include/exclude without walking the tree: git already left out ignored files).
  let listed: string[] | undefined;
  const listAll = (): string[] => {
    if (!listed) {
      listed = listSourceFiles(root, registry, loaded.tree);
      phase("list");
    }
    return listed;
  };
  // Every listed file, indexed once: facts from the cache for unchanged files, texts on demand.
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? schemaCacheDir());
  let index: IndexedSources | undefined;
  const indexAll = (overrides?: ReadonlyMap<string, SourceReadResult>): IndexedSources => {
    if (!index) {
      index = indexSourceFiles(root, listAll(), registry, { cacheDir, ...(overrides ? { overrides } : {}) });
      phase("index");
    }
    return index;
  };
  const factsOf = (file: string): SourceFacts | undefined => index?.facts(file);

  let scopeFiles: string[];
  let scopeReads: SourceReadResult[];
  if (changed) {
    scopeFiles = [...new Set(changed.files)].filter((file) => isSourceFile(file, registry) && inShard(file, shard)).sort();
    scopeReads = changed.staged ? readFromIndex(root, scopeFiles) : readSourceFiles(root, scopeFiles);
    phase("read");
  } else {
    scopeReads = indexAll().sources.filter((read) => inShard(read.file, shard));
    scopeFiles = scopeReads.map((read) => read.file);
  }
  const sourceByFile = new Map<string, SourceText>();
  for (const read of scopeReads) if (isSourceText(read)) sourceByFile.set(read.file, read);

  // The pre-scan's verdicts: from the index, else one scan per file (the changed files).
  const prescanned = new Map<string, PrescanResult>();
  const prescanOf = (source: SourceText): PrescanResult => {
    let found = prescanned.get(source.file);
    if (!found) {
      found = prescan(source.text, registry, source.file);
      prescanned.set(source.file, found);
    }
    return found;
  };
  const isRelevant = (source: SourceText): boolean => factsOf(source.file)?.relevant ?? prescanOf(source).relevant;
  // What the ESLint rules would lint (what they can report on): the relevant files and those naming
  // a settings model (a type annotation can mark a row). The checker analyses them all as sites.
  const isLintable = (source: SourceText): boolean => factsOf(source.file)?.lintable ?? prescanOf(source).lintable;
  const lintable = scopeReads.filter(isSourceText).filter(isLintable);
  phase("prescan");

  const findings: Finding[] = unreadableFindings(scopeReads, changed ? undefined : loaded.tree, shard);

  // The value-flow engine through the checker driver, once (first shard), over the whole tree: it
  // analyses every file the ESLint rules would lint (`isSite`) with what the other files say, and
  // reports what the rules would, under the rules' ids. (Linting those files too would do the work
  // twice; the plugin is the same engine in the editor.) In changed-files mode it runs only when a
  // changed file can matter, and keeps the findings that touch a changed file. The other shards of a
  // sharded run report their own unreadable files.
  const checkerWanted = runsChecker(shard) && (!changed || checkerNeeded(registry, changed.files, scopeReads, isLintable));
  // The checker sees the whole tree (with the staged content in `--staged`).
  const allReads = checkerWanted ? indexAll(changed ? new Map(scopeReads.map((read) => [read.file, read])) : undefined).sources : [];

  let checkerRan = false;
  let checkerStats: RunCheckResult["checkerStats"];
  if (checkerWanted) {
    const { runChecker } = await import("@secret-guardrails/checker");
    phase("checker-load");
    const result = runChecker({
      root,
      registry,
      files: allReads,
      schemaFiles: loaded.schemaFiles,
      schemaErrors: loaded.schemaErrors,
      isRelevant,
      supplies: (source) => factsOf(source.file)?.supplies ?? prescanOf(source).supplies,
      isSite: changed ? (source) => sourceByFile.has(source.file) && isLintable(source) : isLintable,
      sourceFacts: factsOf,
      tree: loaded.tree,
      ...(changed ? { onlyFiles: changed.files, isSeed: changedSeeds(registry, changed.files, factsOf) } : {}),
      ...(options.onProgress
        ? {
            onProgress: (event: CheckerProgress) => {
              if (event.phase === "analyse") options.onProgress!("value flow", event.index + 1, event.total);
              else if (event.phase === "check") options.onProgress!("checks", event.index + 1, event.total, "checks");
            },
          }
        : {}),
    });
    const onlyFiles = changed ? new Set(changed.files) : undefined;
    findings.push(...(onlyFiles ? result.findings.filter((finding) => touches(finding, onlyFiles)) : result.findings));
    checkerRan = true;
    checkerStats = { filesLoaded: result.filesLoaded, ...result.timings };
    phase("checker");
  }
  if (index) {
    // A file the cache vouched for that could not be read when it was needed after all.
    for (const late of index.lateErrors()) findings.push(analysisErrorFinding({ file: late.file, reason: late.error }));
    index.save();
  }

  // One finding per problem, then fingerprints: the identity of a finding does not depend on which
  // engine reported it, so a shard that runs only one engine on a file matches a full run's baseline.
  // Superseded findings (a helper's write, reported at the call site instead) are fingerprinted
  // with the others: the baseline lists them, and a shard without the checker reports them.
  const sourceOf = (file: string): string | undefined => sourceByFile.get(file)?.text ?? readText(root, file, changed?.staged ?? false);
  const { merged, superseded } = mergeFindings(findings, sourceOf);

  let reported: ReportFinding[] = merged;
  let fixed: BaselineEntry[] | undefined;
  if (options.baseline) {
    // Which entries could this run have matched? All in a full run and in shard 1; in a
    // changed-files run, those of the changed files (checked, or found by the pre-scan to have
    // nothing left to report); in the other shards, none.
    const changedFiles = new Set(changed?.files ?? []);
    const inScope = (entry: BaselineEntry): boolean => (changed ? changedFiles.has(entry.file) : runsChecker(shard));
    const applied = applyBaseline(merged, options.baseline, inScope, superseded);
    reported = applied.findings;
    fixed = applied.fixed;
  }
  phase("merge");

  // What the run checked, and (not in changed-files mode: it sees too little) where each secret stands.
  const registrySummary = summarizeRegistry(loaded, root);
  const inventory = changed
    ? undefined
    : inventoryOfRun({
        root,
        registry: registrySummary,
        findings: merged,
        tree: loaded.tree,
        sources: lintable,
        checkerRan,
        modelInSchema: registry.settingsModels.some((model) => model.schema),
        hasAdminUi: listAll().some((file) => matchesGlobs(file, registry.admin.uiGlobs)),
      });
  phase("inventory");

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: options.rootArg,
    registry: registrySummary,
    summary: {
      ...countSeverities(reported),
      filesAnalyzed: sourceByFile.size,
      durationMs: Math.round(now() - started),
      ...(fixed ? { baselined: reported.filter((finding) => finding.baselined).length, fixedBaselineEntries: fixed.length } : {}),
    },
    findings: reported,
    ...(inventory ? { inventory } : {}),
    ...(fixed ? { fixedBaselineEntries: fixed } : {}),
    ...(shard ? { shard: { index: shard.index, count: shard.count, configHash: configHash(registry) } } : {}),
  };
  return { report, allFindings: merged, superseded, checkerRan, ...(checkerStats ? { checkerStats } : {}) };
}

/**
 * `analysis-error` findings for the files of the run that could not be read and, in a walk of the
 * whole tree, for the directories it could not list: they hide files in scope, so the run fails
 * closed (unless git ignores them).
 */
function unreadableFindings(reads: readonly SourceReadResult[], tree: TreeWalk | undefined, shard: Shard | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const read of reads) {
    if (!isSourceText(read)) findings.push(analysisErrorFinding({ file: read.file, reason: read.error }));
  }
  for (const directory of tree?.unreadable ?? []) {
    if (!inShard(directory.path, shard) || isIgnoredDirectory(tree!, directory.path)) continue;
    findings.push(
      analysisErrorFinding({
        file: directory.path,
        reason: directory.reason,
        message: `Cannot list this directory: it ${directory.reason}; the files in it are not analysed. ${directory.symlink ? "Check its target as a ROOT of its own" : "Make it readable"} or exclude it; a file that is not analysed is never a silent pass.`,
      }),
    );
  }
  return findings;
}

/**
 * One finding per problem, fingerprinted: the reported ones, and those superseded by a cross-file
 * finding of the same problem at its call site (fingerprinted with the others: the baseline lists
 * them, and a shard without the checker reports them).
 */
function mergeFindings(findings: readonly Finding[], sourceOf: (file: string) => string | undefined): { merged: ReportFinding[]; superseded: ReportFinding[] } {
  const unique = deduplicate(sortFindings(findings));
  const supersededSet = new Set<Finding>(unique.superseded);
  const identified = sortFindings([...unique.findings, ...unique.superseded]);
  const fingerprinted = assignFingerprints(identified, sourceOf);
  return {
    merged: fingerprinted.filter((_, index) => !supersededSet.has(identified[index]!)),
    superseded: fingerprinted.filter((_, index) => supersededSet.has(identified[index]!)),
  };
}

/** What `merge` compares to tell that shards ran with the same configuration. */
function configHash(registry: SecretRegistry): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(registry.toConfig())).digest("hex")}`;
}

function readFromIndex(root: string, files: readonly string[]): SourceReadResult[] {
  const contents = readStagedFiles(root, files);
  return files.map((file) => {
    const content = contents.get(file);
    if (typeof content === "string") return { file, text: content.replace(/^\uFEFF/, "") };
    return { file, error: content instanceof Error ? content.message : "not in the git index" };
  });
}

/** A file's text for fingerprinting a finding outside the read files (`schema.prisma`). */
function readText(root: string, file: string, staged: boolean): string | undefined {
  try {
    if (staged) {
      const content = readStagedFiles(root, [file]).get(file);
      if (typeof content === "string") return content;
    }
    // Never open a FIFO or a device (the finding may be the analysis-error saying so), nor read
    // what the run refused as too large.
    const stats = statSync(join(root, file));
    if (!stats.isFile() || stats.size > DEFAULT_MAX_FILE_BYTES) return undefined;
    return readFileSync(join(root, file), "utf8");
  } catch {
    return undefined;
  }
}

/** Is a changed file one that a full run would list: include, not exclude, never under `node_modules` or `.git`. */
function isSourceFile(file: string, registry: SecretRegistry): boolean {
  return matchesGlobs(file, registry.include) && !matchesGlobs(file, registry.exclude) && !/(^|\/)(node_modules|\.git)\//.test(file);
}

/**
 * In changed-files mode the checker's selection starts from the changed files that can matter, not
 * from every relevant file of the tree; the loader adds what they import and what imports them,
 * which is where their flows go. Files that clear a secret (`smtpPassword: null`) are seeds too: whether a cleanup
 * action is complete depends on all of them. A changed schema or config affects every file: then
 * every relevant file is a seed, as in a full run.
 */
function changedSeeds(
  registry: SecretRegistry,
  changedFiles: readonly string[],
  factsOf: (file: string) => SourceFacts | undefined,
): ((source: SourceText) => boolean) | undefined {
  if (changedFiles.some((file) => file.endsWith(".prisma") || basename(file) === CONFIG_FILE_NAME)) return undefined;
  const changedSet = new Set(changedFiles);
  return (source) => changedSet.has(source.file) || (factsOf(source.file)?.clearing ?? clearsSecret(source.text, registry));
}

/** Does the finding point at, or pass through, one of the files? */
function touches(finding: Finding, files: ReadonlySet<string>): boolean {
  return files.has(finding.file) || (finding.related ?? []).some((related) => files.has(related.file));
}

/**
 * In changed-files mode, can the checker's result touch a changed file? Its findings sit in files
 * that mention a settings delegate, a secret, its env var, raw SQL or an admin marker (or name a
 * settings model), in Prisma schemas, in the admin UI, or depend on the config: when no changed file
 * is one of those, the checker is skipped (the cheap thing for a commit that touches ordinary code).
 */
function checkerNeeded(
  registry: SecretRegistry,
  changedFiles: readonly string[],
  reads: readonly SourceReadResult[],
  isLintable: (source: SourceText) => boolean,
): boolean {
  if (changedFiles.some((file) => file.endsWith(".prisma") || basename(file) === CONFIG_FILE_NAME)) return true;
  if (reads.some((read) => isSourceText(read) && isLintable(read))) return true;
  return changedFiles.some((file) => matchesGlobs(file, registry.admin.uiGlobs));
}
