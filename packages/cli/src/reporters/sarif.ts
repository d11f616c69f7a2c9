import type * as Sarif from "sarif";
import { CATEGORY_INFO, ENGINES, REPOSITORY_URL, docsUrl, type Category, type Engine, type RelatedLocation } from "@secret-guardrails/core";
import { createHash } from "node:crypto";
import { escapeJsonText } from "./escape.js";
import { capitalise, shortRuleId, type Reporter } from "./shared.js";
import type { Report, ReportFinding } from "../report.js";

/** Key of our fingerprint in `partialFingerprints` (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = "secretGuardrails/v2";

/**
 * GitHub code scanning's `security-severity` per category (CVSS-like, 0-10: high from 7, medium from
 * 4): a secret written to or served from the database is high, one read DB-first or kept there medium,
 * a missing hint in the UI low. An analysis error is no security finding: it has none.
 */
export const SECURITY_SEVERITY: Readonly<Partial<Record<Category, string>>> = {
  "raw-secret-response": "8.5",
  "secret-settings-write": "8.0",
  "secret-in-admin-input": "7.0",
  "db-before-env": "6.5",
  "unregistered-secret-field": "5.5",
  "missing-secret-cleanup": "5.0",
  "missing-env-guidance": "2.0",
};

/** Driver name per engine: code scanning rejects two runs with the same tool (and category). */
function driverName(engine: Engine): string {
  return `secret-guardrails-${engine}`;
}

/**
 * SARIF 2.1.0 for code scanning: one run per engine, each with its own driver, rule metadata and
 * help URIs; results carry related locations and a partial fingerprint. Baselined findings are kept
 * as externally suppressed results (`baselineState: "unchanged"`).
 */
export const sarif: Reporter = (report, options = {}) => {
  const usedBaseline = report.summary.baselined !== undefined;
  const log: Sarif.Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: ENGINES.map((engine) => toRun(report, engine, usedBaseline, options.ruleHelp)),
  };
  return `${escapeJsonText(JSON.stringify(log, null, 2))}\n`;
};

function toRun(report: Report, engine: Engine, usedBaseline: boolean, ruleHelp: ReadonlyMap<string, string> | undefined): Sarif.Run {
  const findings = report.findings.filter((finding) => finding.engine === engine);
  const rules = new Map<string, { category: Category; severity: ReportFinding["severity"] }>();
  for (const finding of findings) {
    if (!rules.has(finding.ruleId)) rules.set(finding.ruleId, { category: finding.category, severity: finding.severity });
  }
  const ruleIds = [...rules.keys()].sort();
  const descriptors: Sarif.ReportingDescriptor[] = ruleIds.map((ruleId) => {
    const { category, severity } = rules.get(ruleId)!;
    const info = CATEGORY_INFO[category];
    const name = shortRuleId(ruleId);
    const help = ruleHelp?.get(name);
    const securitySeverity = SECURITY_SEVERITY[category];
    return {
      id: ruleId,
      name,
      shortDescription: { text: capitalise(info.description) },
      fullDescription: { text: `${capitalise(info.description)}. Enforces ADR 0001: ${info.adrRule}.` },
      helpUri: docsUrl(name),
      help: { text: `See ${docsUrl(name)}`, ...(help !== undefined ? { markdown: help } : {}) },
      defaultConfiguration: { level: severity === "error" ? "error" : "warning" },
      properties: {
        category,
        tags: securitySeverity !== undefined ? ["security", "architecture", category] : ["architecture", category],
        ...(securitySeverity !== undefined ? { "security-severity": securitySeverity } : {}),
      },
    };
  });

  return {
    tool: {
      driver: {
        name: driverName(engine),
        fullName: `Secret Guardrails (${engine === "eslint" ? "ESLint rules" : "architecture checker"})`,
        informationUri: REPOSITORY_URL,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules: descriptors,
      },
    },
    columnKind: "utf16CodeUnits",
    results: findings.map((finding) => toResult(finding, ruleIds.indexOf(finding.ruleId), usedBaseline)),
  };
}

function toResult(finding: ReportFinding, ruleIndex: number, usedBaseline: boolean): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity === "error" ? "error" : "warning",
    message: { text: finding.secret !== undefined ? `${finding.message} (secret: ${finding.secret})` : finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(finding.file), uriBaseId: "%SRCROOT%" },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: partialFingerprintOf(finding) },
    properties: {
      category: finding.category,
      engine: finding.engine,
      ...(finding.secret !== undefined ? { secret: finding.secret } : {}),
      ...(finding.alsoReportedBy ? { alsoReportedBy: [...finding.alsoReportedBy] } : {}),
    },
  };
  if (finding.related && finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, index) => toRelated(related, index + 1));
  }
  if (usedBaseline) result.baselineState = finding.baselined ? "unchanged" : "new";
  if (finding.baselined) {
    result.suppressions = [{ kind: "external", justification: "Listed in the guardrails baseline file." }];
  }
  return result;
}

function toRelated(related: RelatedLocation, id: number): Sarif.Location {
  return {
    id,
    physicalLocation: {
      artifactLocation: { uri: toUri(related.file), uriBaseId: "%SRCROOT%" },
      region: { startLine: related.line, startColumn: related.column },
    },
    message: { text: related.message },
  };
}

/** A relative URI reference: each path segment percent-encoded (`[id]` -> `%5Bid%5D`). */
export function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** Stable across line moves and engines: category, file, secret and the finding's code fingerprint. */
function partialFingerprintOf(finding: ReportFinding): string {
  const basis = finding.fingerprint ?? `${finding.line}:${finding.column}:${finding.message}`;
  return createHash("sha256")
    .update([finding.category, finding.file, finding.secret ?? "", basis].join("\0"))
    .digest("hex")
    .slice(0, 32);
}
