import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { emptyReport, sampleReport } from "../../test/sample-report.js";
import { CATEGORIES } from "@secret-guardrails/core";
import { FINGERPRINT_KEY, SECURITY_SEVERITY, sarif, toUri } from "./sarif.js";

// The SARIF 2.1.0 JSON schema (draft-07) of the OASIS SARIF TC, vendored from the TC's repository
// (oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json).
const schema = JSON.parse(readFileSync(new URL("../../test/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function parse(text: string): Sarif.Log {
  const log = JSON.parse(text) as Sarif.Log;
  validate(log);
  expect(validate.errors ?? []).toEqual([]);
  return log;
}

describe("sarif", () => {
  it("the schema rejects invalid logs (so passing it means something)", () => {
    expect(validate({ version: "2.1.0" })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it("is valid SARIF 2.1.0 with one run per engine and distinct driver names", () => {
    const log = parse(sarif(sampleReport()));
    expect(log.version).toBe("2.1.0");
    expect(log.runs.map((run) => run.tool.driver.name)).toEqual(["secret-guardrails-eslint", "secret-guardrails-checker"]);
    expect(log.runs.map((run) => run.results?.length)).toEqual([3, 2]);
  });

  it("describes each rule with its help URI and points results at their rule", () => {
    const [eslint] = parse(sarif(sampleReport())).runs;
    const rules = eslint!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).toEqual([
      "secret-guardrails/env-first-secret-resolution",
      "secret-guardrails/no-raw-secret-in-admin-response",
      "secret-guardrails/no-secret-settings-write",
    ]);
    expect(rules[2]!.helpUri).toBe("https://github.com/secret-guardrails/secret-guardrails/blob/main/docs/rules/no-secret-settings-write.md");
    for (const result of eslint!.results!) expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it("gives code scanning a security-severity per rule and the rule page as help.markdown (when the CLI passed it)", () => {
    const ruleHelp = new Map([["no-secret-settings-write", "# no-secret-settings-write\n\nDisallow writing runtime secrets into the settings model.\n"]]);
    const [eslint, checker] = parse(sarif(sampleReport(), { ruleHelp })).runs;
    const rule = (run: Sarif.Run, id: string) => run.tool.driver.rules!.find((descriptor) => descriptor.id === `secret-guardrails/${id}`)!;
    expect(rule(eslint!, "no-secret-settings-write")).toMatchObject({
      help: {
        text: "See https://github.com/secret-guardrails/secret-guardrails/blob/main/docs/rules/no-secret-settings-write.md",
        markdown: "# no-secret-settings-write\n\nDisallow writing runtime secrets into the settings model.\n",
      },
      properties: { category: "secret-settings-write", tags: ["security", "architecture", "secret-settings-write"], "security-severity": "8.0" },
    });
    expect(rule(eslint!, "no-raw-secret-in-admin-response").properties!["security-severity"]).toBe("8.5");
    expect(rule(eslint!, "env-first-secret-resolution").properties!["security-severity"]).toBe("6.5");
    expect(rule(checker!, "missing-env-guidance").properties!["security-severity"]).toBe("2.0");
    expect(rule(checker!, "missing-env-guidance").help).toEqual({ text: expect.stringContaining("missing-env-guidance.md") });
    // Every category but analysis-error is a security finding: it has a severity, between 0 and 10.
    for (const category of CATEGORIES) {
      if (category === "analysis-error") expect(SECURITY_SEVERITY[category]).toBeUndefined();
      else expect(Number(SECURITY_SEVERITY[category])).toBeGreaterThan(0);
    }
    const analysisError = { ...sampleReport().findings[0]!, ruleId: "secret-guardrails/analysis-error", category: "analysis-error" as const, secret: undefined };
    const rules = parse(sarif(sampleReport({ findings: [analysisError] }))).runs.flatMap((run) => run.tool.driver.rules!);
    expect(rules.map((descriptor) => descriptor.properties)).toEqual([{ category: "analysis-error", tags: ["architecture", "analysis-error"] }]);
  });

  it("gives locations as encoded relative URIs, related locations, partial fingerprints", () => {
    const [eslint, checker] = parse(sarif(sampleReport())).runs;
    const first = eslint!.results![0]!;
    expect(first.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "apps/web/app/api/admin/%5Bid%5D/route.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 9, startColumn: 28, endLine: 9, endColumn: 41 },
    });
    expect(first.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    const flow = checker!.results!.find((result) => result.relatedLocations)!;
    expect(flow.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "packages/api/src/services/settings-repo.ts", uriBaseId: "%SRCROOT%" },
          region: { startLine: 13, startColumn: 10 },
        },
        message: { text: "the SystemSettings write" },
      },
    ]);
    expect(toUri("app/(admin)/a b.ts")).toBe("app/(admin)/a%20b.ts");
  });

  it("keeps fingerprints when only the line moves", () => {
    const report = sampleReport();
    const moved = sampleReport({ findings: report.findings.map((finding) => ({ ...finding, line: finding.line + 5, endLine: finding.endLine + 5 })) });
    const prints = (log: Sarif.Log) => log.runs.flatMap((run) => run.results!.map((result) => result.partialFingerprints![FINGERPRINT_KEY]));
    expect(prints(parse(sarif(moved)))).toEqual(prints(parse(sarif(report))));
  });

  it("marks baselined findings as externally suppressed, unchanged; the others as new", () => {
    const [eslint] = parse(sarif(sampleReport())).runs;
    const baselined = eslint!.results!.find((result) => result.ruleId === "secret-guardrails/env-first-secret-resolution")!;
    expect(baselined.baselineState).toBe("unchanged");
    expect(baselined.suppressions).toEqual([{ kind: "external", justification: "Listed in the guardrails baseline file." }]);
    expect(eslint!.results!.filter((result) => result.baselineState === "new")).toHaveLength(2);
  });

  it("still writes both runs for a clean report (so code scanning closes fixed alerts)", () => {
    const log = parse(sarif(emptyReport()));
    expect(log.runs).toHaveLength(2);
    expect(log.runs.every((run) => run.results?.length === 0)).toBe(true);
  });
});
