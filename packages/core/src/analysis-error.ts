/** A file or directory that could not be analysed, as a finding: never a silent pass. */
import { qualifiedRuleId } from "./docs-url.js";
import type { Finding } from "./finding.js";

const ANALYSIS_ERROR_ID = "analysis-error";

/**
 * A file that could not be analysed, as a finding (`analysis-error`, error severity, never the
 * content). `message` replaces the default "Cannot analyse this file: <reason>..." wording.
 */
export function analysisErrorFinding(location: {
  file: string;
  reason: string;
  message?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}): Finding {
  const line = location.line ?? 1;
  const column = location.column ?? 1;
  return {
    ruleId: qualifiedRuleId(ANALYSIS_ERROR_ID),
    category: "analysis-error",
    engine: "checker",
    severity: "error",
    file: location.file,
    line,
    column,
    endLine: location.endLine ?? line,
    endColumn: location.endColumn ?? column,
    message:
      location.message ??
      `Cannot analyse this file: ${location.reason}. Fix or exclude it; a file that is not analysed is never a silent pass.`,
  };
}
