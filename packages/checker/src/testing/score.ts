/**
 * Scores findings against a labelled corpus, with the matching rules of the acceptance scorer
 * (`score.mjs`): a finding matches an expected entry when the category is equal, the file is equal
 * (or the entry's file is null) and the line lies in the entry's range (or the entry has none).
 * Each entry counts once; several findings inside one entry's range count once (neither true nor
 * false positives); a finding that matches no entry is a false positive.
 */
export interface ExpectedEntry {
  readonly file: string | null;
  readonly lines?: readonly [number, number] | null;
  readonly category: string;
  readonly note?: string;
}

export interface ExpectedFile {
  readonly corpus?: string;
  readonly description?: string;
  readonly expected: readonly ExpectedEntry[];
}

/** The fields of a finding the scorer reads. */
export interface ScoredFinding {
  readonly category: string;
  readonly file: string;
  readonly line: number;
  readonly ruleId?: string;
  readonly message?: string;
}

export interface CategoryScore {
  tp: number;
  fn: number;
  fp: number;
}

export interface ScoreResult {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly recall: number;
  readonly precision: number;
  readonly missed: readonly ExpectedEntry[];
  readonly extra: readonly ScoredFinding[];
  readonly byCategory: ReadonlyMap<string, CategoryScore>;
}

const norm = (path: string | null | undefined): string => (path ?? "").replace(/\\/g, "/").replace(/^\.\//, "");

export function scoreFindings(expected: readonly ExpectedEntry[], findings: readonly ScoredFinding[]): ScoreResult {
  const byCategory = new Map<string, CategoryScore>();
  const stat = (category: string): CategoryScore => {
    let entry = byCategory.get(category);
    if (!entry) {
      entry = { tp: 0, fn: 0, fp: 0 };
      byCategory.set(category, entry);
    }
    return entry;
  };
  const matched = new Set<number>();
  const missed: ExpectedEntry[] = [];
  for (const entry of expected) {
    const hits = findings
      .map((finding, index) => [finding, index] as const)
      .filter(([finding]) => finding.category === entry.category)
      .filter(([finding]) => entry.file == null || norm(finding.file) === norm(entry.file))
      .filter(([finding]) => !entry.lines || (finding.line >= entry.lines[0] && finding.line <= entry.lines[1]));
    if (hits.length > 0) {
      stat(entry.category).tp++;
      for (const [, index] of hits) matched.add(index);
    } else {
      stat(entry.category).fn++;
      missed.push(entry);
    }
  }
  const extra = findings.filter((finding, index) => {
    if (matched.has(index)) return false;
    stat(finding.category ?? "(none)").fp++;
    return true;
  });
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const entry of byCategory.values()) {
    tp += entry.tp;
    fn += entry.fn;
    fp += entry.fp;
  }
  return {
    tp,
    fn,
    fp,
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    missed,
    extra,
    byCategory,
  };
}

/** The scorer's text: MISSED/EXTRA lines, a table per category, one summary line. */
export function formatScore(result: ScoreResult): string {
  const lines: string[] = [];
  for (const entry of result.missed) {
    lines.push(`MISSED  ${entry.category}  ${entry.file ?? "*"}:${entry.lines ? entry.lines.join("-") : "*"}  ${entry.note ?? ""}`);
  }
  for (const finding of result.extra) {
    lines.push(`EXTRA   ${finding.category}  ${finding.file}:${finding.line}  ${finding.ruleId ?? ""}  ${(finding.message ?? "").slice(0, 100)}`);
  }
  const pct = (n: number, d: number) => (d === 0 ? "  n/a" : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
  lines.push("", "category                     TP  FN  FP  recall  precision");
  for (const [category, s] of [...result.byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(
      `${category.padEnd(27)} ${String(s.tp).padStart(3)} ${String(s.fn).padStart(3)} ${String(s.fp).padStart(3)}  ${pct(s.tp, s.tp + s.fn)}  ${pct(s.tp, s.tp + s.fp)}`,
    );
  }
  lines.push(
    `score: recall ${(100 * result.recall).toFixed(1)}% (${result.tp}/${result.tp + result.fn}), precision ${(100 * result.precision).toFixed(1)}% (${result.tp}/${result.tp + result.fp})`,
  );
  return lines.join("\n");
}
