import { posix } from "node:path";
import type { InventoryEntry, Report, ReportFinding, ReportRegistry } from "../report.js";

/** Options the CLI passes to every reporter; reporters stay pure functions of their input. */
export interface ReporterOptions {
  /** ANSI colours (stylish only): the CLI sets it for a TTY without NO_COLOR. */
  readonly color?: boolean;
  /** Also show baselined findings (stylish, markdown). */
  readonly verbose?: boolean;
  /** Short rule id -> the Markdown of its doc page (SARIF `help.markdown`); the CLI reads them. */
  readonly ruleHelp?: ReadonlyMap<string, string>;
}

export type Reporter = (report: Report, options?: ReporterOptions) => string;

/** The file as a path from where the tool ran: `<root as given>/<file>`, POSIX. */
export function displayPath(root: string, file: string): string {
  const base = root.replace(/\\/g, "/");
  return base === "" || base === "." || base === "./" ? file : posix.join(base, file);
}

/** Findings that fail the check (not baselined). */
export function activeFindings(report: Report): ReportFinding[] {
  return report.findings.filter((finding) => !finding.baselined);
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** `secret-guardrails/no-secret-settings-write` -> `no-secret-settings-write`. */
export function shortRuleId(ruleId: string): string {
  return ruleId.includes("/") ? ruleId.slice(ruleId.indexOf("/") + 1) : ruleId;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** How many files the failing (not baselined) findings are in. */
export function countProblemFiles(report: Report): number {
  return new Set(activeFindings(report).map((finding) => finding.file)).size;
}

/**
 * What the run checked, in one line (stylish, markdown): "Checked 2 secrets of SystemSettings (from
 * guardrails.config.json): smtpPassword (SMTP_PASSWORD), ...". `name` formats a model, secret or env
 * var name, `path` the config path (markdown: code spans, escaping).
 */
export function registryLine(registry: ReportRegistry, name: (text: string) => string = String, path: (text: string) => string = String): string {
  const models = registry.settingsModels.map(name).join(", ");
  const config = registry.config !== undefined ? path(registry.config) : undefined;
  const discovered = `discovered from ${registry.schemas && registry.schemas.length > 0 ? registry.schemas.map(path).join(", ") : "the schemas"}`;
  const source = registry.source === "config" ? `from ${config ?? "the config"}` : `${discovered}${config !== undefined ? `; config ${config}` : ""}`;
  if (registry.secrets.length === 0) return `Checked no secrets of ${models} (none ${registry.source === "config" ? `in ${config ?? "the config"}` : discovered})`;
  const secrets = registry.secrets.map((secret) => `${name(secret.secret)} (${secret.env.map(name).join(" or ")})`).join(", ");
  return `Checked ${plural(registry.secrets.length, "secret")} of ${models} (${source}): ${secrets}`;
}

/** The inventory's gaps, status by status, with the secrets concerned (only statuses some secret has). */
export function inventoryGaps(inventory: readonly InventoryEntry[]): { readonly status: string; readonly secrets: readonly string[] }[] {
  const gaps: [string, (entry: InventoryEntry) => boolean][] = [
    ["not declared in an env example or schema", (entry) => entry.declaredIn.length === 0],
    ["written to the settings table", (entry) => entry.writtenToSettings > 0],
    ["read DB-first", (entry) => entry.readDbFirst > 0],
    ["returned by an admin endpoint", (entry) => entry.returnedByAdmin > 0],
    ["accepted by admin input", (entry) => entry.acceptedByAdminInput > 0],
    ["not cleared by the cleanup action", (entry) => entry.clearedByCleanup === false],
    ["not named by the admin UI", (entry) => entry.namedByUi === false],
  ];
  return gaps
    .map(([status, has]) => ({ status, secrets: inventory.filter(has).map((entry) => entry.secret) }))
    .filter((gap) => gap.secrets.length > 0);
}

/** The text with its first letter upper-cased (a category description as a sentence). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
