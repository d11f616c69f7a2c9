import { createRequire } from "node:module";
import type { Category, Engine, Finding } from "@secret-guardrails/core";

/** The version of the JSON report shape (`report-contract.md`); bumped only on a breaking change. */
export const SCHEMA_VERSION = 1;

export const TOOL_NAME = "secret-guardrails";

const pkg = createRequire(import.meta.url)("../package.json") as { version: string };
export const TOOL_VERSION: string = pkg.version;

/** A finding as the report carries it: the contract's fields plus optional extras. */
export interface ReportFinding extends Finding {
  /** Matched by an entry of the `--baseline` file: shown as baselined, never failing. */
  readonly baselined?: boolean;
  /**
   * `<hash of the normalised offending code>:<occurrence>`: with category, file and secret, the key
   * of a baseline entry, and the basis of SARIF's `partialFingerprints`. Survives unrelated line moves.
   */
  readonly fingerprint?: string;
  /** The other engine(s) that reported the same problem at the same place (kept once). */
  readonly alsoReportedBy?: readonly Engine[];
}

export interface ReportSummary {
  /** Error-severity findings, not counting baselined ones. */
  readonly errors: number;
  /** Warning-severity findings, not counting baselined ones. */
  readonly warnings: number;
  readonly filesAnalyzed: number;
  readonly durationMs: number;
  /** Findings matched by the baseline (present only when a baseline was used). */
  readonly baselined?: number;
  /** Baseline entries that matched no finding: fixed, the baseline can shrink. */
  readonly fixedBaselineEntries?: number;
}

/** One entry of a baseline file: one finding, keyed by category, file, secret, code hash and occurrence. */
export interface BaselineEntry {
  /** The rule that reported it when the baseline was written (for readers; not part of the key). */
  readonly ruleId: string;
  readonly category: Category;
  readonly file: string;
  readonly secret?: string;
  /** Hash of the finding's first line and its enclosing lines, literals redacted, whitespace collapsed. */
  readonly hash: string;
  /** 0 for the first finding with this category, file, secret and hash, 1 for the second... */
  readonly occurrence: number;
}

/** What a run checked (contract v1.1): where the registry came from, its models and secrets. Names only, never values. */
export interface ReportRegistry {
  /** `config` when the secrets come from the config file, `discovery` when from the schemas (Prisma, Drizzle). */
  readonly source: "config" | "discovery";
  /** The config file that was read, POSIX, relative to ROOT (absent when there was none). */
  readonly config?: string;
  readonly settingsModels: readonly string[];
  /** The schema files (Prisma schemas, Drizzle table modules) that declare the settings models, POSIX, relative to ROOT. */
  readonly schemas?: readonly string[];
  /** The registered secrets (settings field names) and their environment variables. */
  readonly secrets: readonly { readonly secret: string; readonly env: readonly string[] }[];
}

/**
 * One registered secret's rollout status (contract v1.1, `inventory`): derived from the run's
 * findings and the scan of env declarations. See `inventory.ts`.
 */
export interface InventoryEntry {
  readonly secret: string;
  readonly env: readonly string[];
  /** Files declaring one of its env vars: `.env.example`-like files and env schemas (t3-env, zod); POSIX, relative to ROOT. */
  readonly declaredIn: readonly string[];
  /** Findings (baselined ones included) that write it into the settings table (`secret-settings-write`). */
  readonly writtenToSettings: number;
  /** Findings that read it from the database before, or instead of, its env var (`db-before-env`). */
  readonly readDbFirst: number;
  /** Findings of an admin endpoint returning its value (`raw-secret-response`). */
  readonly returnedByAdmin: number;
  /** Findings of an admin input schema accepting it (`secret-in-admin-input`). */
  readonly acceptedByAdminInput: number;
  /** Does the cleanup action clear it? `null` when not checked (the checker did not run). */
  readonly clearedByCleanup: boolean | null;
  /** Does the admin settings UI name its env var? `null` when not checked (no admin UI, or the checker did not run). */
  readonly namedByUi: boolean | null;
}

/** The JSON report of the contract (`schemaVersion` 1). Extra fields are optional. */
export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** The ROOT argument as given on the command line. */
  readonly root: string;
  /** What the run checked (absent in reports written before v1.1). */
  readonly registry?: ReportRegistry;
  readonly summary: ReportSummary;
  readonly findings: readonly ReportFinding[];
  /** One entry per registered secret (full runs and shards; absent in changed-files mode). */
  readonly inventory?: readonly InventoryEntry[];
  /** The baseline entries that no longer match a finding. */
  readonly fixedBaselineEntries?: readonly BaselineEntry[];
  /** Present on the report of one shard (`--shard i/n`). */
  readonly shard?: ShardInfo;
}

/** Which part of which run a shard report is: `merge` combines exactly shards 1..count of one run. */
export interface ShardInfo {
  readonly index: number;
  readonly count: number;
  /** SHA-256 of the effective registry (models, secrets, env vars, globs, admin patterns): shards of one run agree. */
  readonly configHash?: string;
}

export function countSeverities(findings: readonly ReportFinding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const finding of findings) {
    if (finding.baselined) continue;
    if (finding.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings };
}
