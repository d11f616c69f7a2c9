export { main, USAGE, EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE } from "./main.js";
export type { MainIo, OutputStream } from "./main-io.js";
export { runCheck, type RunCheckOptions, type RunCheckResult } from "./run-check.js";
export { dedupeFindings, mergeReports } from "./merge.js";
export { applyBaseline, assignFingerprints, formatBaseline, parseBaseline } from "./baseline.js";
export { reporters, FORMATS, isFormat, type Format, type Reporter, type ReporterOptions } from "./reporters/index.js";
export type { Report, ReportFinding, ReportSummary, ReportRegistry, InventoryEntry, BaselineEntry } from "./report.js";
export { guardrailReport } from "./guardrail-report.js";
export { buildInventory, type EnvDeclarations, type InventoryChecks } from "./inventory.js";
