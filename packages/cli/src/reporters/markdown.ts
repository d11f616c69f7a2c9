import { CATEGORIES, CATEGORY_INFO, docsUrl, type Category } from "@secret-guardrails/core";
import { markdownCode, markdownMessage } from "./escape.js";
import { capitalise, countProblemFiles, displayPath, formatDuration, plural, registryLine, shortRuleId, type Reporter } from "./shared.js";
import type { InventoryEntry, ReportFinding } from "../report.js";

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
      `${errors > 0 ? ":x:" : ":warning:"} **${plural(errors, "error")}**, ${plural(warnings, "warning")} in ${plural(countProblemFiles(report), "file")} (${scope}).`,
    );
  }
  if (report.registry) out.push("", `${registryLine(report.registry, (name) => markdownCode(name), (path) => markdownCode(path))}.`);
  const notes: string[] = [];
  if (baselined > 0) notes.push(`${plural(baselined, "baselined finding")} (not failing${options.verbose ? "" : ", not listed"})`);
  if (fixed > 0) {
    notes.push(`${plural(fixed, "baseline entry", "baseline entries")} fixed: run \`guardrails check --update-baseline\` to shrink the baseline`);
  }
  if (notes.length > 0) out.push("", ...notes.map((note) => `- ${note}`));
  if (report.inventory && report.inventory.length > 0) out.push("", ...inventoryTable(report.inventory));

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

/** The secret inventory, one row per registered secret (at the top of the summary). */
function inventoryTable(inventory: readonly InventoryEntry[]): string[] {
  const yes = ":white_check_mark:";
  const no = ":x:";
  const none = (count: number) => (count === 0 ? `${yes} no` : `${no} ${plural(count, "place")}`);
  const status = (value: boolean | null) => (value === null ? "not checked" : value ? `${yes} yes` : `${no} no`);
  return [
    "### Secret inventory",
    "",
    "| Secret | Env var | Declared in | Written to settings | Read DB-first | Returned by admin | Accepted by admin input | Cleared by cleanup | Named by admin UI |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...inventory.map((entry) =>
      [
        code(entry.secret),
        entry.env.map(code).join(" or "),
        entry.declaredIn.length > 0 ? `${yes} ${entry.declaredIn.map(code).join(", ")}` : ":warning: nowhere",
        none(entry.writtenToSettings),
        none(entry.readDbFirst),
        none(entry.returnedByAdmin),
        none(entry.acceptedByAdminInput),
        status(entry.clearedByCleanup),
        status(entry.namedByUi),
      ].join(" | "),
    ).map((row) => `| ${row} |`),
  ];
}

/**
 * A name or path in a table cell, as a code span (`escape.ts`): a merged report may come from
 * elsewhere, so nothing in it is trusted to be an identifier.
 */
function code(text: string): string {
  return markdownCode(text, { inTable: true });
}
