import { posix } from "node:path";
import type { Report, ReportFinding } from "../report.js";

/** Options the CLI passes to every reporter; reporters stay pure functions of their input. */
export interface ReporterOptions {
  /** ANSI colours (stylish only): the CLI sets it for a TTY without NO_COLOR. */
  readonly color?: boolean;
  /** Also show baselined findings (stylish, markdown). */
  readonly verbose?: boolean;
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
