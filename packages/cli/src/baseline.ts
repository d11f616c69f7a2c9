/**
 * Baselines for adopting the guardrails on a codebase that already violates them.
 *
 * Each finding gets a fingerprint: a hash of its source line(s) with string literals redacted and
 * whitespace collapsed, plus an occurrence index among findings with the same rule, file, secret
 * and hash. A baseline entry is one finding (never a per-file count, eslint/eslint#21226): fixing
 * one violation and adding another in the same file leaves the new one failing; moving code up or
 * down keeps its fingerprint; entries that match nothing any more are reported as fixed.
 */
import { createHash } from "node:crypto";
import { describeJsonSyntaxError, redactLiterals, type Finding } from "@secret-guardrails/core";
import type { BaselineEntry, ReportFinding } from "./report.js";

export const BASELINE_VERSION = 1;

/** At most this many lines of a finding feed its hash (a finding spanning a whole model stays stable). */
const MAX_HASHED_LINES = 20;

export class BaselineError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "BaselineError";
  }
}

/**
 * The text a fingerprint hashes: the finding's line(s), literals redacted (a hash must never let
 * anyone test guesses of a secret value), whitespace collapsed. Falls back to the message when the
 * source is not available.
 */
export function normalisedCode(finding: Finding, lines: readonly string[] | undefined): string {
  if (!lines || finding.line < 1 || finding.line > lines.length) return `message:${finding.message}`;
  let endLine = Math.max(finding.line, Math.min(finding.endLine, lines.length));
  if (endLine > finding.line && finding.endColumn <= 1) endLine--;
  endLine = Math.min(endLine, finding.line + MAX_HASHED_LINES - 1);
  const code = lines.slice(finding.line - 1, endLine).join("\n");
  return redactLiterals(code).replace(/\s+/g, " ").trim();
}

export function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex").slice(0, 16);
}

/**
 * Gives every finding its `fingerprint` (`<hash>:<occurrence>`). `findings` must be in a stable
 * order (sorted); `sourceOf` returns the text of a root-relative file, or undefined.
 */
export function assignFingerprints<T extends Finding>(
  findings: readonly T[],
  sourceOf: (file: string) => string | undefined,
): (T & { fingerprint: string })[] {
  const linesByFile = new Map<string, readonly string[] | undefined>();
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    if (!linesByFile.has(finding.file)) linesByFile.set(finding.file, sourceOf(finding.file)?.split(/\r?\n/));
    const hash = hashCode(normalisedCode(finding, linesByFile.get(finding.file)));
    // Counted per engine: a shard without the checker numbers its ESLint findings as a full run does.
    const group = [finding.engine, finding.ruleId, finding.file, finding.secret ?? "", hash].join("\0");
    const occurrence = occurrences.get(group) ?? 0;
    occurrences.set(group, occurrence + 1);
    return { ...finding, fingerprint: `${hash}:${occurrence}` };
  });
}

/** The baseline entry a fingerprinted finding corresponds to. */
export function entryOfFinding(finding: ReportFinding): BaselineEntry | undefined {
  const match = /^([0-9a-f]+):(\d+)$/.exec(finding.fingerprint ?? "");
  if (!match) return undefined;
  return {
    ruleId: finding.ruleId,
    file: finding.file,
    ...(finding.secret !== undefined ? { secret: finding.secret } : {}),
    hash: match[1]!,
    occurrence: Number(match[2]),
  };
}

export function baselineKey(entry: BaselineEntry): string {
  return [entry.file, entry.ruleId, entry.secret ?? "", entry.hash, String(entry.occurrence).padStart(6, "0")].join("\0");
}

export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const left = baselineKey(a);
  const right = baselineKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Analysis errors are never baselined: a file the tool cannot read must keep failing (fail closed). */
export function isBaselinable(finding: Finding): boolean {
  return finding.category !== "analysis-error";
}

export interface AppliedBaseline<T extends ReportFinding> {
  readonly findings: (T & { readonly baselined?: boolean })[];
  /** Entries that matched no finding (within the scope of the run). */
  readonly fixed: BaselineEntry[];
}

/**
 * Marks the findings that the baseline lists as `baselined`. `inScope` says which entries this run
 * could have matched (a `--staged` run or one shard sees only part of the tree): only those count
 * as fixed when unmatched.
 */
export function applyBaseline<T extends ReportFinding>(
  findings: readonly T[],
  entries: readonly BaselineEntry[],
  inScope: (entry: BaselineEntry) => boolean = () => true,
): AppliedBaseline<T> {
  const remaining = new Map<string, BaselineEntry>();
  for (const entry of entries) remaining.set(baselineKey(entry), entry);
  const marked = findings.map((finding): T & { readonly baselined?: boolean } => {
    const entry = isBaselinable(finding) ? entryOfFinding(finding) : undefined;
    if (!entry || !remaining.delete(baselineKey(entry))) return finding;
    return { ...finding, baselined: true };
  });
  const fixed = [...remaining.values()].filter(inScope).sort(compareEntries);
  return { findings: marked, fixed };
}

/** The baseline file for these findings: JSON, entries sorted, one stable byte sequence. */
export function formatBaseline(findings: readonly ReportFinding[]): string {
  const entries = findings
    .filter(isBaselinable)
    .map(entryOfFinding)
    .filter((entry): entry is BaselineEntry => entry !== undefined)
    .sort(compareEntries)
    .map((entry) => ({
      file: entry.file,
      ruleId: entry.ruleId,
      ...(entry.secret !== undefined ? { secret: entry.secret } : {}),
      hash: entry.hash,
      occurrence: entry.occurrence,
    }));
  const file = {
    $comment: "Generated by `guardrails check --update-baseline`: known findings that do not fail the check. Shrink it, never grow it by hand.",
    version: BASELINE_VERSION,
    entries,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Parses a baseline file. Throws {@link BaselineError} naming the problem. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let raw: unknown;
  const json = text.replace(/^\uFEFF/, "");
  try {
    raw = JSON.parse(json);
  } catch {
    // Not the engine's message: it quotes the text around the error (a value, if this is a .env file).
    throw new BaselineError(file, `is not valid JSON (${describeJsonSyntaxError(json)})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new BaselineError(file, "must contain a JSON object");
  const { version, entries } = raw as { version?: unknown; entries?: unknown };
  if (version !== BASELINE_VERSION) throw new BaselineError(file, `"version" must be ${BASELINE_VERSION}`);
  if (!Array.isArray(entries)) throw new BaselineError(file, `"entries" must be an array`);
  return entries.map((entry: unknown, index) => {
    const at = `"entries[${index}]"`;
    if (typeof entry !== "object" || entry === null) throw new BaselineError(file, `${at} must be an object`);
    const { ruleId, file: path, secret, hash, occurrence } = entry as Record<string, unknown>;
    if (typeof ruleId !== "string") throw new BaselineError(file, `${at}.ruleId must be a string`);
    if (typeof path !== "string") throw new BaselineError(file, `${at}.file must be a string`);
    if (secret !== undefined && typeof secret !== "string") throw new BaselineError(file, `${at}.secret must be a string`);
    if (typeof hash !== "string" || !/^[0-9a-f]+$/.test(hash)) throw new BaselineError(file, `${at}.hash must be a hex string`);
    if (typeof occurrence !== "number" || !Number.isInteger(occurrence) || occurrence < 0) {
      throw new BaselineError(file, `${at}.occurrence must be a non-negative integer`);
    }
    return { ruleId, file: path, ...(secret !== undefined ? { secret } : {}), hash, occurrence };
  });
}
