import { describe, expect, it } from "vitest";
import { emptyReport, INVENTORY, sampleReport } from "../../test/sample-report.js";
import { json } from "./json.js";

describe("json", () => {
  it("writes the contract's shape with its keys in order", () => {
    const parsed = JSON.parse(json(sampleReport())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["schemaVersion", "tool", "root", "registry", "summary", "findings", "inventory", "fixedBaselineEntries"]);
    // v1.1: what the run checked (names only) and where each secret stands.
    expect(parsed.registry).toEqual({
      source: "config",
      config: "guardrails.config.json",
      settingsModels: ["SystemSettings"],
      secrets: [
        { secret: "smtpPassword", env: ["SMTP_PASSWORD"] },
        { secret: "openaiApiKey", env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
      ],
    });
    expect(parsed.inventory).toEqual(INVENTORY);
    expect(Object.keys((parsed.inventory as object[])[0]!)).toEqual([
      "secret",
      "env",
      "declaredIn",
      "writtenToSettings",
      "readDbFirst",
      "returnedByAdmin",
      "acceptedByAdminInput",
      "clearedByCleanup",
      "namedByUi",
    ]);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.tool).toEqual({ name: "secret-guardrails", version: "0.1.0" });
    expect(parsed.root).toBe("repo");
    expect(parsed.summary).toEqual({ errors: 3, warnings: 1, filesAnalyzed: 120, durationMs: 2345, baselined: 1, fixedBaselineEntries: 1 });
    const findings = parsed.findings as Record<string, unknown>[];
    const flow = findings.find((finding) => finding.related)!;
    expect(Object.keys(flow)).toEqual([
      "ruleId",
      "category",
      "engine",
      "severity",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "message",
      "secret",
      "related",
      "fingerprint",
    ]);
    expect(findings.filter((finding) => finding.baselined === true)).toHaveLength(1);
    expect(findings.filter((finding) => finding.alsoReportedBy)).toEqual([expect.objectContaining({ alsoReportedBy: ["checker"] })]);
  });

  it("is byte-identical for the same report and ends with a newline", () => {
    expect(json(sampleReport())).toBe(json(sampleReport()));
    expect(json(sampleReport()).endsWith("}\n")).toBe(true);
  });

  it("leaves registry and inventory out of a report without them (written before v1.1)", () => {
    expect(Object.keys(JSON.parse(json(emptyReport())) as object)).toEqual(["schemaVersion", "tool", "root", "summary", "findings"]);
  });

  it("drops unknown fields a finding may carry", () => {
    const finding = { ...sampleReport().findings[0]!, internal: "x" };
    expect(json(sampleReport({ findings: [finding] }))).not.toContain("internal");
  });
});
