import { sortFindings } from "@secret-guardrails/core";
import type { InventoryEntry, Report, ReportFinding } from "../src/report.js";

const base = { engine: "eslint", severity: "error" } as const;

/** A synthetic report covering every reporter feature: both engines, warnings, related locations, baselined, odd characters. */
export const FINDINGS: ReportFinding[] = [
  {
    ...base,
    ruleId: "secret-guardrails/no-raw-secret-in-admin-response",
    category: "raw-secret-response",
    file: "apps/web/app/api/admin/[id]/route.ts",
    line: 9,
    column: 28,
    endLine: 9,
    endColumn: 41,
    message: "The admin endpoint returns `smtpPassword` | the value itself; return presence and source status instead",
    secret: "smtpPassword",
    fingerprint: "0123456789abcdef:0",
  },
  {
    ...base,
    ruleId: "secret-guardrails/no-secret-settings-write",
    category: "secret-settings-write",
    file: "packages/api/src/router/settings.ts",
    line: 42,
    column: 7,
    endLine: 42,
    endColumn: 31,
    message: "'smtpPassword' is written into the settings table 'SystemSettings'. Runtime secrets come from the environment (SMTP_PASSWORD); drop the field from this write.",
    secret: "smtpPassword",
    fingerprint: "1111111111111111:0",
    alsoReportedBy: ["checker"],
  },
  {
    ...base,
    engine: "checker",
    ruleId: "secret-guardrails/no-secret-settings-write",
    category: "secret-settings-write",
    file: "packages/api/src/router/settings.ts",
    line: 118,
    column: 9,
    endLine: 118,
    endColumn: 30,
    message: "'openaiApiKey' is passed to 'saveSettings', which writes it into the settings table 'SystemSettings'.",
    secret: "openaiApiKey",
    related: [{ file: "packages/api/src/services/settings-repo.ts", line: 13, column: 10, message: "the SystemSettings write" }],
    fingerprint: "2222222222222222:0",
  },
  {
    ...base,
    engine: "checker",
    severity: "warning",
    ruleId: "secret-guardrails/missing-env-guidance",
    category: "missing-env-guidance",
    file: "apps/web/app/admin/settings/page.tsx",
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 20,
    message: "The admin settings UI never names `OPENAI_API_KEY`",
    secret: "openaiApiKey",
    fingerprint: "3333333333333333:0",
  },
  {
    ...base,
    ruleId: "secret-guardrails/env-first-secret-resolution",
    category: "db-before-env",
    file: "packages/api/src/services/mail.ts",
    line: 13,
    column: 18,
    endLine: 13,
    endColumn: 40,
    message: "`smtpPassword` is taken from the settings row before `SMTP_PASSWORD`",
    secret: "smtpPassword",
    baselined: true,
    fingerprint: "4444444444444444:0",
  },
];

/** The inventory of {@link FINDINGS}: `.env.example` and the t3-env schema declare `SMTP_PASSWORD` only. */
export const INVENTORY: InventoryEntry[] = [
  {
    secret: "smtpPassword",
    env: ["SMTP_PASSWORD"],
    declaredIn: [".env.example", "apps/web/src/env.ts"],
    writtenToSettings: 1,
    readDbFirst: 1,
    returnedByAdmin: 1,
    acceptedByAdminInput: 0,
    clearedByCleanup: true,
    namedByUi: true,
  },
  {
    secret: "openaiApiKey",
    env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"],
    declaredIn: [],
    writtenToSettings: 1,
    readDbFirst: 0,
    returnedByAdmin: 0,
    acceptedByAdminInput: 0,
    clearedByCleanup: false,
    namedByUi: false,
  },
];

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: "secret-guardrails", version: "0.1.0" },
    root: "repo",
    registry: {
      source: "config",
      config: "guardrails.config.json",
      settingsModels: ["SystemSettings"],
      secrets: [
        { secret: "smtpPassword", env: ["SMTP_PASSWORD"] },
        { secret: "openaiApiKey", env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
      ],
    },
    summary: { errors: 3, warnings: 1, filesAnalyzed: 120, durationMs: 2345, baselined: 1, fixedBaselineEntries: 1 },
    findings: sortFindings(FINDINGS),
    inventory: INVENTORY,
    fixedBaselineEntries: [
      { ruleId: "secret-guardrails/no-secret-settings-write", category: "secret-settings-write", file: "packages/api/src/old.ts", secret: "smtpPassword", hash: "5555555555555555", occurrence: 0 },
    ],
    ...overrides,
  };
}

export function emptyReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: "secret-guardrails", version: "0.1.0" },
    root: ".",
    summary: { errors: 0, warnings: 0, filesAnalyzed: 7, durationMs: 12 },
    findings: [],
  };
}
