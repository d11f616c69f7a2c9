import { sortFindings, type Engine } from "@secret-guardrails/core";
import { baselineKey, compareEntries, entryOfFinding } from "./baseline.js";
import { buildInventory, declarationsOf } from "./inventory.js";
import {
  countSeverities,
  SCHEMA_VERSION,
  TOOL_NAME,
  TOOL_VERSION,
  type BaselineEntry,
  type InventoryEntry,
  type Report,
  type ReportFinding,
} from "./report.js";

/** Which engine wins when both report the same problem at the same place. */
const ENGINE_PREFERENCE: readonly Engine[] = ["eslint", "checker"];

/**
 * One finding per problem, in the contract's order:
 * - exact duplicates (same engine, rule, range, message, secret) are kept once;
 * - when both engines report the same category at the same file and line (and the same secret,
 *   when both name one), the ESLint finding is kept and notes the other engine in `alsoReportedBy`.
 *   Findings of one engine are never merged with each other: two secrets written on one line are
 *   two problems.
 */
export function dedupeFindings(findings: readonly ReportFinding[]): ReportFinding[] {
  const exact = new Map<string, ReportFinding>();
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

  const byPlace = new Map<string, ReportFinding[]>();
  for (const finding of withoutSuperseded([...exact.values()])) {
    const key = `${finding.category}\0${finding.file}\0${finding.line}`;
    const group = byPlace.get(key);
    if (group) group.push(finding);
    else byPlace.set(key, [finding]);
  }

  const kept: ReportFinding[] = [];
  for (const group of byPlace.values()) {
    if (group.length === 1 || new Set(group.map((finding) => finding.engine)).size === 1) {
      kept.push(...group);
      continue;
    }
    const [preferred, ...others] = ENGINE_PREFERENCE;
    const winners = group.filter((finding) => finding.engine === preferred);
    const alsoBy = new Map<ReportFinding, Set<Engine>>(
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
  return sortFindings(kept);
}

/**
 * A cross-file finding ("written at this call site, by the helper there") supersedes a per-file
 * finding of the same category at its related location: ESLint, seeing only the helper, reports the
 * write inside it; the contract wants it where the secret enters, which the checker found.
 */
function withoutSuperseded(findings: readonly ReportFinding[]): ReportFinding[] {
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
  if (superseded.size === 0) return [...findings];
  return findings.filter(
    (finding) => finding.engine !== "eslint" || !superseded.has(reportedAt(finding.category, finding.file, finding.line)),
  );
}

function sameSecret(a: ReportFinding, b: ReportFinding): boolean {
  return a.secret === undefined || b.secret === undefined || a.secret === b.secret;
}

/**
 * Combines the JSON reports of several shards (`guardrails merge`): findings re-deduplicated and
 * re-sorted, errors and warnings recounted, files and durations summed, fixed baseline entries
 * united (minus any that a shard matched), the registry kept and the inventory rebuilt.
 */
export function mergeReports(reports: readonly Report[]): Report {
  if (reports.length === 0) throw new Error("nothing to merge");
  const findings = dedupeFindings(reports.flatMap((report) => report.findings));
  const matched = new Set(
    findings.filter((finding) => finding.baselined).flatMap((finding) => {
      const entry = entryOfFinding(finding);
      return entry ? [baselineKey(entry)] : [];
    }),
  );
  const fixed = new Map<string, BaselineEntry>();
  for (const report of reports) {
    for (const entry of report.fixedBaselineEntries ?? []) {
      const key = baselineKey(entry);
      if (!matched.has(key)) fixed.set(key, entry);
    }
  }
  const usedBaseline = reports.some((report) => report.summary.baselined !== undefined);
  const fixedEntries = [...fixed.values()].sort(compareEntries);
  // Every shard states the same registry and env declarations; the inventory is rebuilt from all findings.
  const { registry } = reports[0]!;
  const inventories = reports.map((report) => report.inventory);
  let inventory: InventoryEntry[] | undefined;
  if (registry && inventories.every((entries) => entries !== undefined)) {
    const merged = declarationsOf(inventories.flat() as InventoryEntry[]);
    inventory = buildInventory(registry, findings, merged.declarations, merged.checks);
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: reports[0]!.root,
    ...(registry ? { registry } : {}),
    summary: {
      ...countSeverities(findings),
      filesAnalyzed: sum(reports.map((report) => report.summary.filesAnalyzed)),
      durationMs: sum(reports.map((report) => report.summary.durationMs)),
      ...(usedBaseline
        ? {
            baselined: findings.filter((finding) => finding.baselined).length,
            fixedBaselineEntries: fixedEntries.length,
          }
        : {}),
    },
    findings,
    ...(inventory ? { inventory } : {}),
    ...(usedBaseline ? { fixedBaselineEntries: fixedEntries } : {}),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
