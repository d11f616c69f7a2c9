import { workflowData, workflowProperty } from "./escape.js";
import { activeFindings, displayPath, type Reporter } from "./shared.js";

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per failing finding
 * (baselined ones are left out), escaped as `@actions/core` escapes them (see `escape.ts`): no
 * path or message can end the command or start another.
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
      .map(([key, value]) => `${key}=${workflowProperty(value!)}`)
      .join(",");
    return `::${finding.severity === "error" ? "error" : "warning"} ${properties}::${workflowData(finding.message)}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
};
