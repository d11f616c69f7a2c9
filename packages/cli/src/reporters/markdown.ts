import { CATEGORIES, CATEGORY_INFO, docsUrl, type Category } from "@secret-guardrails/core";
import { markdownCode, markdownMessage } from "./escape.js";
import { displayPath, formatDuration, plural, shortRuleId, type Reporter } from "./shared.js";
import type { ReportFinding } from "../report.js";

/** A category table with more rows than this is collapsed in `<details>`. */
const COLLAPSE_AFTER = 10;
/** Rows shown per category at most (a GitHub step summary is limited to 1 MiB). */
const MAX_ROWS = 200;

/**
 * A CI step summary / PR comment: totals, then one table per category with links to the rule
 * docs, long tables collapsed. Paths and code are real code spans and the rest of a message is
 * escaped text (`escape.ts`): nothing in a path or a message can render a link, an image or HTML.
 */
export const markdown: Reporter = (report, options = {}) => {
  const { errors, warnings, filesAnalyzed, durationMs } = report.summary;
  const shown = report.findings.filter((finding) => options.verbose || !finding.baselined);
  const baselined = report.findings.filter((finding) => finding.baselined).length;
  const fixed = report.fixedBaselineEntries?.length ?? report.summary.fixedBaselineEntries ?? 0;

  const out: string[] = ["## Architecture Guardrails", ""];
  const scope = `${plural(filesAnalyzed, "file")} analysed in ${formatDuration(durationMs)}`;
  if (errors + warnings === 0) {
    out.push(`:white_check_mark: **No guardrail problems** (${scope}).`);
  } else {
    out.push(
      `${errors > 0 ? ":x:" : ":warning:"} **${plural(errors, "error")}**, ${plural(warnings, "warning")} (${scope}).`,
    );
  }
  const notes: string[] = [];
  if (baselined > 0) notes.push(`${plural(baselined, "baselined finding")} (not failing${options.verbose ? "" : ", not listed"})`);
  if (fixed > 0) {
    notes.push(`${plural(fixed, "baseline entry", "baseline entries")} fixed: run \`guardrails check --update-baseline\` to shrink the baseline`);
  }
  if (notes.length > 0) out.push("", ...notes.map((note) => `- ${note}`));

  const byCategory = new Map<Category, ReportFinding[]>();
  for (const finding of shown) {
    const group = byCategory.get(finding.category);
    if (group) group.push(finding);
    else byCategory.set(finding.category, [finding]);
  }
  for (const category of CATEGORIES) {
    const findings = byCategory.get(category);
    if (!findings) continue;
    const info = CATEGORY_INFO[category];
    out.push("", `### ${category} (${findings.length})`, "", `${capitalise(info.description)}. ADR 0001: ${info.adrRule}.`, "");
    const table = [
      "| Severity | Location | Message | Rule |",
      "| --- | --- | --- | --- |",
      ...findings.slice(0, MAX_ROWS).map((finding) => row(report.root, finding)),
    ];
    if (findings.length > MAX_ROWS) table.push("", `… and ${findings.length - MAX_ROWS} more (see the JSON or SARIF report).`);
    if (findings.length > COLLAPSE_AFTER) {
      out.push(`<details><summary>${plural(findings.length, "finding")}</summary>`, "", ...table, "", "</details>");
    } else {
      out.push(...table);
    }
  }
  return `${out.join("\n")}\n`;
};

function row(root: string, finding: ReportFinding): string {
  const cell = { inTable: true };
  const severity = finding.baselined ? `${finding.severity} (baselined)` : finding.severity;
  const location = markdownCode(`${displayPath(root, finding.file)}:${finding.line}:${finding.column}`, cell);
  const rule = shortRuleId(finding.ruleId);
  const secret = finding.secret !== undefined ? ` (secret: ${markdownCode(finding.secret, cell)})` : "";
  // A rule id of ours links to its page; anything else (a hand-edited merged report) is only shown.
  const ruleCell = /^[a-z0-9-]+$/.test(rule) ? `[${rule}](${docsUrl(rule)})` : markdownCode(rule, cell);
  return `| ${severity} | ${location} | ${markdownMessage(finding.message, cell)}${secret} | ${ruleCell} |`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
