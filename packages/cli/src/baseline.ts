/**
 * Baselines for adopting the guardrails on a codebase that already violates them.
 *
 * Each finding gets a fingerprint: a hash of its first line and of the lines that enclose it (the
 * nearest less-indented line above, then the next, up to the top level: `create: {`, the call, the
 * function), string literals redacted and whitespace collapsed, plus an occurrence index among
 * findings with the same category, file, secret and hash. The identity of a finding is its
 * category, file, secret and fingerprint: never the engine or the rule that reported it, so a
 * shard where only the checker (or only the ESLint rules) sees a file matches the baseline as a
 * full run does. A baseline entry is one finding (never a per-file count, eslint/eslint#21226):
 * fixing one violation and adding another in the same file leaves the new one failing, also when
 * their lines read the same (an upsert's `create` and `update`); moving code up or down or
 * re-indenting it keeps its fingerprint; entries that match nothing any more are reported as fixed.
 */
import { createHash } from "node:crypto";
import { CATEGORIES, describeJsonSyntaxError, REDACTED, type Category, type Finding } from "@secret-guardrails/core";
import type { BaselineEntry, ReportFinding } from "./report.js";

const BASELINE_VERSION = 2;

/** At most this many enclosing lines feed a fingerprint (the top-level line is the last). */
const MAX_CONTEXT_LINES = 20;

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
 * The text a fingerprint hashes: the finding's first line, then each enclosing line (nearest first),
 * literals redacted (a hash must never let anyone test guesses of a secret value), whitespace
 * collapsed, one per line. Only the first line of a finding: both engines report the same problem
 * on the same line, not always with the same end. Empty when the source is not available.
 * `lines` are the file's lines with literals already redacted ({@link redactedLines}).
 */
export function normalisedCode(finding: Finding, lines: readonly string[] | undefined): string {
  if (!lines || finding.line < 1 || finding.line > lines.length) return "";
  const code = [collapse(lines[finding.line - 1]!)];
  let threshold = indentation(lines[finding.line - 1]!);
  for (let index = finding.line - 2; index >= 0 && threshold > 0 && code.length <= MAX_CONTEXT_LINES; index--) {
    const line = lines[index]!;
    if (!ENCLOSING.test(line)) continue;
    const indent = indentation(line);
    if (indent >= threshold) continue;
    code.push(collapse(line));
    threshold = indent;
  }
  return code.join("\n");
}

/** A line that can enclose others: not blank, not only a comment, not only closing brackets. */
const ENCLOSING = /^(?!\s*(?:\/\/|\/\*|\*|[\])}]+[,;]?\s*$))\s*\S/;

function indentation(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

function collapse(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

/**
 * A file's lines with string and template literals redacted, multi-line ones included; each line
 * stays at its number (a literal's line breaks are kept after it).
 */
export function redactedLines(text: string): string[] {
  const redacted = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (literal) => {
    const quote = literal[0]!;
    return `${quote}${REDACTED}${quote}${"\n".repeat(literal.split("\n").length - 1)}`;
  });
  return redacted.split(/\r?\n/);
}

function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex").slice(0, 16);
}

/**
 * Gives every finding its `fingerprint` (`<hash>:<occurrence>`). `findings` must be one finding per
 * problem (deduplicated across engines) in a stable order (sorted); `sourceOf` returns the text of
 * a root-relative file, or undefined.
 */
export function assignFingerprints<T extends Finding>(
  findings: readonly T[],
  sourceOf: (file: string) => string | undefined,
): (T & { fingerprint: string })[] {
  const linesByFile = new Map<string, readonly string[] | undefined>();
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    if (!linesByFile.has(finding.file)) {
      const text = sourceOf(finding.file);
      linesByFile.set(finding.file, text === undefined ? undefined : redactedLines(text));
    }
    const hash = hashCode(normalisedCode(finding, linesByFile.get(finding.file)));
    // Counted over both engines' findings: the identity of a finding does not depend on which reported it.
    const group = [finding.category, finding.file, finding.secret ?? "", hash].join("\0");
    const occurrence = occurrences.get(group) ?? 0;
    occurrences.set(group, occurrence + 1);
    return { ...finding, fingerprint: `${hash}:${occurrence}` };
  });
}

/** The baseline entry a fingerprinted finding corresponds to. */
function entryOfFinding(finding: ReportFinding): BaselineEntry | undefined {
  const match = /^([0-9a-f]+):(\d+)$/.exec(finding.fingerprint ?? "");
  if (!match) return undefined;
  return {
    ruleId: finding.ruleId,
    category: finding.category,
    file: finding.file,
    ...(finding.secret !== undefined ? { secret: finding.secret } : {}),
    hash: match[1]!,
    occurrence: Number(match[2]),
  };
}

/** The identity of a finding or entry: category, file, secret, hash, occurrence (not the rule, not the engine). */
function baselineKey(entry: BaselineEntry): string {
  return [entry.file, entry.category, entry.secret ?? "", entry.hash, String(entry.occurrence).padStart(6, "0")].join("\0");
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const left = baselineKey(a);
  const right = baselineKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Analysis errors are never baselined: a file the tool cannot read must keep failing (fail closed). */
function isBaselinable(finding: Finding): boolean {
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
 * as fixed when unmatched. `superseded`: findings the run does not report because a cross-file
 * finding says the same at its call site (see `deduplicate`); they use up their entries, so that
 * a shard that reports one (it did not run the checker) and a full run that does not agree.
 */
export function applyBaseline<T extends ReportFinding>(
  findings: readonly T[],
  entries: readonly BaselineEntry[],
  inScope: (entry: BaselineEntry) => boolean = () => true,
  superseded: readonly ReportFinding[] = [],
): AppliedBaseline<T> {
  const remaining = new Map<string, BaselineEntry>();
  for (const entry of entries) remaining.set(baselineKey(entry), entry);
  for (const finding of superseded) {
    const entry = isBaselinable(finding) ? entryOfFinding(finding) : undefined;
    if (entry) remaining.delete(baselineKey(entry));
  }
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
      category: entry.category,
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
  if (version === 1) {
    throw new BaselineError(
      file,
      `is a version 1 baseline, whose fingerprints could not tell identical lines apart; write it again with --update-baseline (version ${BASELINE_VERSION})`,
    );
  }
  if (version !== BASELINE_VERSION) throw new BaselineError(file, `"version" must be ${BASELINE_VERSION}`);
  if (!Array.isArray(entries)) throw new BaselineError(file, `"entries" must be an array`);
  return entries.map((entry: unknown, index) => {
    const at = `"entries[${index}]"`;
    if (typeof entry !== "object" || entry === null) throw new BaselineError(file, `${at} must be an object`);
    const { ruleId, category, file: path, secret, hash, occurrence } = entry as Record<string, unknown>;
    if (typeof ruleId !== "string") throw new BaselineError(file, `${at}.ruleId must be a string`);
    if (typeof category !== "string" || !(CATEGORIES as readonly string[]).includes(category)) {
      throw new BaselineError(file, `${at}.category must be one of ${CATEGORIES.join(", ")}`);
    }
    if (typeof path !== "string") throw new BaselineError(file, `${at}.file must be a string`);
    if (secret !== undefined && typeof secret !== "string") throw new BaselineError(file, `${at}.secret must be a string`);
    if (typeof hash !== "string" || !/^[0-9a-f]+$/.test(hash)) throw new BaselineError(file, `${at}.hash must be a hex string`);
    if (typeof occurrence !== "number" || !Number.isInteger(occurrence) || occurrence < 0) {
      throw new BaselineError(file, `${at}.occurrence must be a non-negative integer`);
    }
    return { ruleId, category: category as Category, file: path, ...(secret !== undefined ? { secret } : {}), hash, occurrence };
  });
}
