import { activeFindings, displayPath, type Reporter } from "./shared.js";

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per failing finding
 * (baselined ones are left out), escaped as `@actions/core` escapes them.
 */
export const github: Reporter = (report) => {
  const lines = activeFindings(report).map((finding) => {
    const properties = [
      ["file", displayPath(report.root, finding.file)],
      ["line", String(finding.line)],
      ["col", String(finding.column)],
      ["endLine", String(finding.endLine)],
      ["endColumn", String(finding.endColumn)],
      ["title", finding.ruleId],
    ]
      .map(([key, value]) => `${key}=${escapeProperty(value!)}`)
      .join(",");
    return `::${finding.severity === "error" ? "error" : "warning"} ${properties}::${escapeData(finding.message)}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
};

/** Escapes the message of a workflow command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command (also `:` and `,`, which delimit properties). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
