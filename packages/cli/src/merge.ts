import { CATEGORIES, describeJsonSyntaxError, ENGINES, sortFindings, type Engine } from "@secret-guardrails/core";
import { buildInventory, declarationsOf } from "./inventory.js";
import { countSeverities, SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION, type InventoryEntry, type Report, type ReportFinding } from "./report.js";

/** Which engine wins when both report the same problem at the same place. */
const ENGINE_PREFERENCE: readonly Engine[] = ["eslint", "checker"];

/** {@link deduplicate}'s result: the findings to report, and those a cross-file finding supersedes. */
export interface Deduplicated<T extends ReportFinding> {
  readonly findings: T[];
  /** ESLint findings inside a helper that a checker finding reports at its call site (not reported, still baselined). */
  readonly superseded: T[];
}

/** One finding per problem (see {@link deduplicate}). */
export function dedupeFindings<T extends ReportFinding>(findings: readonly T[]): T[] {
  return deduplicate(findings).findings;
}

/**
 * One finding per problem, in the contract's order:
 * - exact duplicates (same engine, rule, range, message, secret) are kept once;
 * - when both engines report the same category at the same file and line (and the same secret,
 *   when both name one), the ESLint finding is kept and notes the other engine in `alsoReportedBy`.
 *   Findings of one engine are never merged with each other: two secrets written on one line are
 *   two problems.
 */
export function deduplicate<T extends ReportFinding>(findings: readonly T[]): Deduplicated<T> {
  const exact = new Map<string, T>();
  for (const finding of findings) {
    const key = [
      finding.engine,
      finding.ruleId,
      finding.file,
      finding.line,
      finding.column,
      finding.endLine,
      finding.endColumn,
      finding.message,
      finding.secret ?? "",
    ].join("\0");
    if (!exact.has(key)) exact.set(key, finding);
  }

  const { kept: candidates, superseded } = splitSuperseded([...exact.values()]);
  const byPlace = new Map<string, T[]>();
  for (const finding of candidates) {
    const key = `${finding.category}\0${finding.file}\0${finding.line}`;
    const group = byPlace.get(key);
    if (group) group.push(finding);
    else byPlace.set(key, [finding]);
  }

  const kept: T[] = [];
  for (const group of byPlace.values()) {
    if (group.length === 1 || new Set(group.map((finding) => finding.engine)).size === 1) {
      kept.push(...group);
      continue;
    }
    const [preferred, ...others] = ENGINE_PREFERENCE;
    const winners = group.filter((finding) => finding.engine === preferred);
    const alsoBy = new Map<T, Set<Engine>>(
      winners.map((winner) => [winner, new Set(winner.alsoReportedBy ?? [])]),
    );
    for (const finding of group) {
      if (finding.engine === preferred) continue;
      const winner = winners.find((candidate) => sameSecret(candidate, finding));
      if (winner && others.includes(finding.engine)) alsoBy.get(winner)!.add(finding.engine);
      else kept.push(finding);
    }
    for (const winner of winners) {
      const engines = [...alsoBy.get(winner)!].sort();
      kept.push(engines.length > 0 ? { ...winner, alsoReportedBy: engines } : winner);
    }
  }
  return { findings: sortFindings(kept), superseded: sortFindings(superseded) };
}

/**
 * A cross-file finding ("written at this call site, by the helper there") supersedes a per-file
 * finding of the same category at its related location: ESLint, seeing only the helper, reports the
 * write inside it; the contract wants it where the secret enters, which the checker found.
 */
function splitSuperseded<T extends ReportFinding>(findings: readonly T[]): { kept: T[]; superseded: T[] } {
  const reportedAt = (category: string, file: string, line: number) => `${category}\0${file}\0${line}`;
  const ownPlaces = new Set(
    findings.filter((finding) => finding.engine === "checker").map((f) => reportedAt(f.category, f.file, f.line)),
  );
  const superseded = new Set<string>();
  for (const finding of findings) {
    if (finding.engine !== "checker") continue;
    for (const related of finding.related ?? []) {
      const place = reportedAt(finding.category, related.file, related.line);
      if (!ownPlaces.has(place)) superseded.add(place);
    }
  }
  const isSuperseded = (finding: T) => finding.engine === "eslint" && superseded.has(reportedAt(finding.category, finding.file, finding.line));
  return { kept: findings.filter((finding) => !isSuperseded(finding)), superseded: findings.filter(isSuperseded) };
}

function sameSecret(a: ReportFinding, b: ReportFinding): boolean {
  return a.secret === undefined || b.secret === undefined || a.secret === b.secret;
}

/** A set of reports that is not one complete sharded run: exit 2 with what is wrong. */
export class MergeError extends Error {
  override name = "MergeError";
}

/** A report to merge and how the command line named it. */
export interface MergeInput {
  readonly label: string;
  readonly report: Report;
}

/**
 * Checks that the reports are exactly the shards 1..N of one run: each a shard report, every index
 * once, the same count, tool version (also this one's), root, configuration and registry. Throws
 * {@link MergeError} saying what is wrong.
 */
export function checkCompleteRun(inputs: readonly MergeInput[]): void {
  if (inputs.length === 0) throw new MergeError("merge needs the JSON reports of every shard of a run");
  for (const { label, report } of inputs) {
    if (!report.shard) {
      throw new MergeError(`${label} is not the report of a --shard run (it has no "shard"): merge combines the JSON reports of all the shards of one run`);
    }
    if (report.tool.name !== TOOL_NAME || report.tool.version !== TOOL_VERSION) {
      throw new MergeError(
        `${label} was written by ${report.tool.name} ${report.tool.version}, this is ${TOOL_NAME} ${TOOL_VERSION}: run every shard and the merge with the same version`,
      );
    }
  }
  const [first, ...others] = inputs;
  for (const other of others) {
    if (other.report.root !== first!.report.root) {
      throw new MergeError(`the reports scan different roots (${first!.label}: "${first!.report.root}", ${other.label}: "${other.report.root}")`);
    }
    if (other.report.shard!.configHash !== first!.report.shard!.configHash) {
      throw new MergeError(
        `${first!.label} and ${other.label} ran with different configurations (registry, globs or Prisma schemas differ): run every shard with the same guardrails.config.json and schemas`,
      );
    }
    if (JSON.stringify(other.report.registry) !== JSON.stringify(first!.report.registry)) {
      throw new MergeError(
        `${first!.label} and ${other.label} state different registries (what the run checked): run every shard with the same guardrails.config.json and schemas`,
      );
    }
    if (other.report.shard!.count !== first!.report.shard!.count) {
      throw new MergeError(
        `${first!.label} is shard ${shardName(first!.report)} and ${other.label} shard ${shardName(other.report)}: the reports come from runs split into different numbers of shards`,
      );
    }
  }
  const count = first!.report.shard!.count;
  const byIndex = new Map<number, string[]>();
  for (const { label, report } of inputs) byIndex.set(report.shard!.index, [...(byIndex.get(report.shard!.index) ?? []), label]);
  for (const [index, labels] of [...byIndex].sort(([a], [b]) => a - b)) {
    if (labels.length > 1) throw new MergeError(`shard ${index}/${count} is given more than once (${labels.join(", ")})`);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new MergeError(
      `${missing.map((index) => `shard ${index}/${count}`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing: merge needs the report of every shard (got ${[...byIndex.keys()].sort((a, b) => a - b).map((index) => `${index}/${count}`).join(", ")})`,
    );
  }
}

/**
 * Reads one report to merge: JSON of the contract's shape (a report may come from elsewhere: every
 * field a reporter prints is checked). Throws {@link MergeError} naming the file and the field.
 */
export function parseReport(text: string, label: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not the engine's message: it quotes the text around the error (a value, if this is a .env file).
    throw new MergeError(`cannot read the JSON report ${label} (not valid JSON: ${describeJsonSyntaxError(text)})`);
  }
  const fail = (path: string, problem: string): never => {
    throw new MergeError(`${label} is not a guardrails JSON report: "${path}" ${problem}`);
  };
  if (!isObject(raw)) return fail("", "must be an object");
  if (raw.schemaVersion !== SCHEMA_VERSION) fail("schemaVersion", `must be ${SCHEMA_VERSION}`);
  const tool = raw.tool;
  if (!isObject(tool) || typeof tool.name !== "string" || typeof tool.version !== "string") fail("tool", "must name the tool and its version");
  if (typeof raw.root !== "string") fail("root", "must be a string");
  const summary = raw.summary;
  if (!isObject(summary)) return fail("summary", "must be an object");
  for (const key of ["errors", "warnings", "filesAnalyzed", "durationMs"]) if (!isCount(summary[key])) fail(`summary.${key}`, "must be a non-negative integer");
  if (raw.shard !== undefined) {
    const shard = raw.shard;
    if (!isObject(shard) || !isCount(shard.index) || !isCount(shard.count) || shard.index < 1 || shard.index > shard.count) {
      fail("shard", "must be { index, count } with 1 <= index <= count");
    }
    if (typeof (shard as Record<string, unknown>).configHash !== "string") fail("shard.configHash", "must be a string");
  }
  if (!Array.isArray(raw.findings)) return fail("findings", "must be an array");
  raw.findings.forEach((finding: unknown, index) => checkFinding(finding, `findings[${index}]`, fail));
  if (raw.registry !== undefined) checkRegistrySummary(raw.registry, fail);
  if (raw.inventory !== undefined) {
    if (!Array.isArray(raw.inventory)) return fail("inventory", "must be an array");
    raw.inventory.forEach((entry: unknown, index) => checkInventoryEntry(entry, `inventory[${index}]`, fail));
  }
  return raw as unknown as Report;
}

/** `registry` (contract v1.1): what the run checked, names only. */
function checkRegistrySummary(registry: unknown, fail: (path: string, problem: string) => never): void {
  if (!isObject(registry)) return fail("registry", "must be an object");
  if (registry.source !== "config" && registry.source !== "discovery") fail("registry.source", 'must be "config" or "discovery"');
  if (registry.config !== undefined && typeof registry.config !== "string") fail("registry.config", "must be a path");
  if (!isStringArray(registry.settingsModels)) fail("registry.settingsModels", "must be an array of names");
  if (!Array.isArray(registry.secrets)) return fail("registry.secrets", "must be an array");
  registry.secrets.forEach((secret: unknown, index) => {
    if (!isObject(secret) || typeof secret.secret !== "string" || !isStringArray(secret.env)) fail(`registry.secrets[${index}]`, "must be { secret, env: [names] }");
  });
}

/** An `inventory` entry (contract v1.1): one registered secret's rollout status. */
function checkInventoryEntry(entry: unknown, at: string, fail: (path: string, problem: string) => never): void {
  if (!isObject(entry)) return fail(at, "must be an object");
  if (typeof entry.secret !== "string") fail(`${at}.secret`, "must be a string");
  if (!isStringArray(entry.env)) fail(`${at}.env`, "must be an array of names");
  if (!isStringArray(entry.declaredIn)) fail(`${at}.declaredIn`, "must be an array of paths");
  for (const key of ["writtenToSettings", "readDbFirst", "returnedByAdmin", "acceptedByAdminInput"]) {
    if (!isCount(entry[key])) fail(`${at}.${key}`, "must be a non-negative integer");
  }
  for (const key of ["clearedByCleanup", "namedByUi"]) {
    if (entry[key] !== null && typeof entry[key] !== "boolean") fail(`${at}.${key}`, "must be true, false or null");
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

const SEVERITIES = ["error", "warning"];

function checkFinding(finding: unknown, at: string, fail: (path: string, problem: string) => never): void {
  if (!isObject(finding)) return fail(at, "must be an object");
  if (typeof finding.ruleId !== "string" || !/^[\w@.-]+(?:\/[\w.-]+)*$/.test(finding.ruleId)) fail(`${at}.ruleId`, "must be a rule id");
  if (!(CATEGORIES as readonly unknown[]).includes(finding.category)) fail(`${at}.category`, `must be one of ${CATEGORIES.join(", ")}`);
  if (!(ENGINES as readonly unknown[]).includes(finding.engine)) fail(`${at}.engine`, `must be one of ${ENGINES.join(", ")}`);
  if (!SEVERITIES.includes(finding.severity as string)) fail(`${at}.severity`, `must be one of ${SEVERITIES.join(", ")}`);
  if (typeof finding.file !== "string" || finding.file === "") fail(`${at}.file`, "must be a path");
  for (const key of ["line", "column", "endLine", "endColumn"]) if (!isCount(finding[key]) || (finding[key] as number) < 1) fail(`${at}.${key}`, "must be a positive integer");
  if (typeof finding.message !== "string") fail(`${at}.message`, "must be a string");
  if (finding.secret !== undefined && typeof finding.secret !== "string") fail(`${at}.secret`, "must be a string");
  if (finding.fingerprint !== undefined && (typeof finding.fingerprint !== "string" || !/^[0-9a-f]+:\d+$/.test(finding.fingerprint))) {
    fail(`${at}.fingerprint`, "must be <hex hash>:<occurrence>");
  }
  if (finding.alsoReportedBy !== undefined && (!Array.isArray(finding.alsoReportedBy) || !finding.alsoReportedBy.every((engine) => (ENGINES as readonly unknown[]).includes(engine)))) {
    fail(`${at}.alsoReportedBy`, `must list engines (${ENGINES.join(", ")})`);
  }
  if (finding.related !== undefined) {
    if (!Array.isArray(finding.related)) return fail(`${at}.related`, "must be an array");
    finding.related.forEach((related: unknown, index) => {
      const where = `${at}.related[${index}]`;
      if (!isObject(related) || typeof related.file !== "string" || typeof related.message !== "string" || !isCount(related.line) || !isCount(related.column)) {
        fail(where, "must be { file, line, column, message }");
      }
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function shardName(report: Report): string {
  return `${report.shard!.index}/${report.shard!.count}`;
}

/**
 * Combines the JSON reports of the shards of one run (`guardrails merge`; check them with
 * {@link checkCompleteRun} first): findings re-deduplicated and re-sorted, errors and warnings
 * recounted, files and durations summed, the registry kept and the inventory rebuilt. Whatever the
 * shards said about a baseline is dropped: `merge --baseline` applies one to the merged findings
 * (see `superseded`).
 */
export function mergeReports(reports: readonly Report[]): { report: Report; superseded: ReportFinding[] } {
  if (reports.length === 0) throw new MergeError("nothing to merge");
  const unbaselined = reports.flatMap((report) => report.findings.map(({ baselined: _baselined, ...finding }: ReportFinding) => finding));
  const { findings, superseded } = deduplicate(unbaselined);
  // Every shard states the same registry (checkCompleteRun) and env declarations; the inventory is
  // rebuilt from all the shards' findings, as the full run has it.
  const { registry } = reports[0]!;
  const inventories = reports.map((report) => report.inventory);
  let inventory: InventoryEntry[] | undefined;
  if (registry && inventories.every((entries) => entries !== undefined)) {
    const merged = declarationsOf(inventories.flat() as InventoryEntry[]);
    inventory = buildInventory(registry, findings, merged.declarations, merged.checks);
  }
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: reports[0]!.root,
    ...(registry ? { registry } : {}),
    summary: {
      ...countSeverities(findings),
      filesAnalyzed: sum(reports.map((report) => report.summary.filesAnalyzed)),
      durationMs: sum(reports.map((report) => report.summary.durationMs)),
    },
    findings,
    ...(inventory ? { inventory } : {}),
  };
  return { report, superseded };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
