import { escapeControl, terminalPath } from "./escape.js";
import { countProblemFiles, displayPath, formatDuration, inventoryGaps, plural, registryLine, type Reporter } from "./shared.js";
import type { InventoryEntry, ReportFinding } from "../report.js";

const ESC = "\u001b[";
const paint = (codes: string) => (text: string) => `${ESC}${codes}m${text}${ESC}0m`;
const STYLES = {
  file: paint("4"),
  dim: paint("2"),
  error: paint("31"),
  warning: paint("33"),
  success: paint("32"),
  failure: paint("1;31"),
  caution: paint("1;33"),
};
const identity = (text: string) => text;

/**
 * The terminal report, in the shape of ESLint's `stylish`: findings grouped by file, aligned
 * columns, a summary line. Baselined findings appear only with `verbose`. Paths, messages and rule
 * ids are escaped (`escape.ts`): no control character reaches the terminal and no line can be read
 * as a CI workflow command.
 */
export const stylish: Reporter = (report, options = {}) => {
  const style = options.color ? STYLES : (Object.fromEntries(Object.keys(STYLES).map((key) => [key, identity])) as typeof STYLES);
  const shown = report.findings.filter((finding) => options.verbose || !finding.baselined);
  const byFile = new Map<string, ReportFinding[]>();
  for (const finding of shown) {
    const group = byFile.get(finding.file);
    if (group) group.push(finding);
    else byFile.set(finding.file, [finding]);
  }

  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(style.file(terminalPath(displayPath(report.root, file))));
    const rows = findings.map((finding) => ({
      position: `${finding.line}:${finding.column}`,
      severity: finding.baselined ? "baselined" : finding.severity,
      finding,
    }));
    const positionWidth = Math.max(...rows.map((row) => row.position.length));
    const severityWidth = Math.max(...rows.map((row) => row.severity.length));
    for (const { position, severity, finding } of rows) {
      const severityText = severity.padEnd(severityWidth);
      const coloured = finding.baselined ? style.dim(severityText) : finding.severity === "error" ? style.error(severityText) : style.warning(severityText);
      lines.push(`  ${style.dim(position.padStart(positionWidth))}  ${coloured}  ${escapeControl(finding.message)}  ${style.dim(escapeControl(finding.ruleId))}`);
      for (const related of finding.related ?? []) {
        lines.push(
          `  ${" ".repeat(positionWidth + severityWidth + 4)}${style.dim(`↳ ${escapeControl(displayPath(report.root, related.file))}:${related.line}:${related.column}`)} ${escapeControl(related.message)}`,
        );
      }
    }
    lines.push("");
  }

  const { errors, warnings, filesAnalyzed, durationMs } = report.summary;
  const problems = errors + warnings;
  const analysed = `(${plural(filesAnalyzed, "file")} analysed in ${formatDuration(durationMs)})`;
  if (problems === 0) {
    lines.push(style.success(`✔ No guardrail problems ${analysed}`));
  } else {
    const where = `in ${plural(countProblemFiles(report), "file")} ${analysed}`;
    const summary = `✖ ${plural(problems, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) ${where}`;
    lines.push(errors > 0 ? style.failure(summary) : style.caution(summary));
  }
  const baselined = report.findings.filter((finding) => finding.baselined).length;
  if (baselined > 0 && !options.verbose) {
    lines.push(style.dim(`  ${plural(baselined, "baselined finding")} not shown (--verbose shows them)`));
  } else if (baselined > 0) {
    lines.push(style.dim(`  ${plural(baselined, "baselined finding")} (not failing)`));
  }
  const fixed = report.fixedBaselineEntries?.length ?? report.summary.fixedBaselineEntries ?? 0;
  if (fixed > 0) {
    lines.push(`  ${plural(fixed, "baseline entry", "baseline entries")} fixed (no longer found): run with --update-baseline to shrink the baseline`);
  }
  // Model, secret and env names and the config path come from the scanned repository (or a merged report): escaped.
  if (report.registry) lines.push(style.dim(`  ${registryLine(report.registry, escapeControl, escapeControl)}`));
  if (report.inventory && report.inventory.length > 0) lines.push(style.dim(`  ${inventoryLine(report.inventory)}`));
  return `${lines.join("\n")}\n`;
};

/** The inventory in one line: how many secrets have each gap (the JSON and Markdown reports name them). */
function inventoryLine(inventory: readonly InventoryEntry[]): string {
  const gaps = inventoryGaps(inventory);
  const count = plural(inventory.length, "secret");
  if (gaps.length === 0) return `Secret inventory: ${count}, all declared as env vars and kept out of the settings table`;
  return `Secret inventory: ${count}; ${gaps.map((gap) => `${gap.secrets.length} ${gap.status}`).join(", ")}`;
}
