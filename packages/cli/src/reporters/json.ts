import { escapeJsonText } from "./escape.js";
import type { Reporter } from "./shared.js";
import type { InventoryEntry, Report, ReportFinding, ReportRegistry } from "../report.js";

/**
 * The contract's JSON report (`schemaVersion` 1), keys in the contract's order so that two runs
 * produce the same bytes except `durationMs`. Control and bidi characters inside strings are written
 * as `\uXXXX` (`escape.ts`): the same values, safe to print.
 */
export const json: Reporter = (report) => `${escapeJsonText(JSON.stringify(toJson(report), null, 2))}\n`;

function toJson(report: Report): Record<string, unknown> {
  const { summary } = report;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    root: report.root,
    ...(report.registry ? { registry: registryToJson(report.registry) } : {}),
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      filesAnalyzed: summary.filesAnalyzed,
      durationMs: summary.durationMs,
      ...(summary.baselined !== undefined ? { baselined: summary.baselined } : {}),
      ...(summary.fixedBaselineEntries !== undefined ? { fixedBaselineEntries: summary.fixedBaselineEntries } : {}),
    },
    findings: report.findings.map(findingToJson),
    ...(report.inventory ? { inventory: report.inventory.map(inventoryEntryToJson) } : {}),
    ...(report.fixedBaselineEntries ? { fixedBaselineEntries: report.fixedBaselineEntries } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
  };
}

function findingToJson(finding: ReportFinding): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    category: finding.category,
    engine: finding.engine,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    message: finding.message,
    ...(finding.secret !== undefined ? { secret: finding.secret } : {}),
    ...(finding.related && finding.related.length > 0
      ? {
          related: finding.related.map((related) => ({
            file: related.file,
            line: related.line,
            column: related.column,
            message: related.message,
          })),
        }
      : {}),
    ...(finding.baselined ? { baselined: true } : {}),
    ...(finding.fingerprint !== undefined ? { fingerprint: finding.fingerprint } : {}),
    ...(finding.alsoReportedBy && finding.alsoReportedBy.length > 0 ? { alsoReportedBy: finding.alsoReportedBy } : {}),
  };
}

function registryToJson(registry: ReportRegistry): Record<string, unknown> {
  return {
    source: registry.source,
    ...(registry.config !== undefined ? { config: registry.config } : {}),
    settingsModels: registry.settingsModels,
    ...(registry.schemas !== undefined ? { schemas: registry.schemas } : {}),
    secrets: registry.secrets.map((secret) => ({ secret: secret.secret, env: secret.env })),
  };
}

function inventoryEntryToJson(entry: InventoryEntry): Record<string, unknown> {
  return {
    secret: entry.secret,
    env: entry.env,
    declaredIn: entry.declaredIn,
    writtenToSettings: entry.writtenToSettings,
    readDbFirst: entry.readDbFirst,
    returnedByAdmin: entry.returnedByAdmin,
    acceptedByAdminInput: entry.acceptedByAdminInput,
    clearedByCleanup: entry.clearedByCleanup,
    namedByUi: entry.namedByUi,
  };
}
