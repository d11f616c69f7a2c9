import { describe, expect, it } from "vitest";
import type { GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { createTestContext } from "../testing/create-test-context.js";
import check from "./unregistered-secret-field.js";

const SCHEMA = [
  "model User {", //                                   1
  "  id           String @id", //                      2
  "  passwordHash String", //                          3
  "  resetToken   String?", //                         4
  "}", //                                              5
  "", //                                               6
  "model SystemSettings {", //                         7
  "  id                 String  @id", //              8
  "  smtpPassword       String?", //                  9
  "  aiMaxTokens        Int     @default(512)", //   10
  "  webhookSigningSecret String?", //               11
  '  stripeKey          String? @map("stripe_key")', // 12
  "  publicKey          String?", //                 13
  "  retryCount         Int?", //                    14
  "}", //                                             15
].join("\n");

const registered: GuardrailsConfig = { secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } };

function run(config: GuardrailsConfig, schema = SCHEMA) {
  return applyCheck(check, createTestContext({ "prisma/schema.prisma": schema }, config));
}

describe("unregistered-secret-field", () => {
  it("reports each secret-looking field of a settings model that an explicit registry misses, at the field", () => {
    expect(run(registered).map(({ file, line, column, endLine, endColumn, message }) => ({ file, line, column, endLine, endColumn, message }))).toEqual([
      {
        file: "prisma/schema.prisma",
        line: 11,
        column: 3,
        endLine: 11,
        endColumn: 23,
        message:
          '`SystemSettings.webhookSigningSecret` looks like a runtime secret but is not in the secret registry, so no guardrail protects it. Register it in guardrails.config.json ("secrets": { "webhookSigningSecret": { "env": "WEBHOOK_SIGNING_SECRET" } }) and provision it from the environment, or rename the field if it holds no secret.',
      },
      {
        file: "prisma/schema.prisma",
        line: 12,
        column: 3,
        endLine: 12,
        endColumn: 12,
        message: expect.stringContaining("`SystemSettings.stripeKey` looks like a runtime secret"),
      },
    ]);
  });

  it("uses the checker's category, rule id and severity", () => {
    expect(run(registered)[0]).toMatchObject({
      ruleId: "secret-guardrails/unregistered-secret-field",
      category: "unregistered-secret-field",
      engine: "checker",
      severity: "error",
    });
  });

  it("is silent when every secret-looking field is registered", () => {
    const all: GuardrailsConfig = {
      secrets: {
        smtpPassword: { env: "SMTP_PASSWORD" },
        webhookSigningSecret: { env: "WEBHOOK_SIGNING_SECRET" },
        stripeKey: { env: "STRIPE_KEY" },
      },
    };
    expect(run(all)).toEqual([]);
  });

  it("is silent for a discovered registry (it registers every candidate itself)", () => {
    expect(run({})).toEqual([]);
  });

  it("ignores secret-looking fields of models that are not settings models", () => {
    const schema = "model Account {\n  id String @id\n  accessToken String\n}\n";
    expect(run(registered, schema)).toEqual([]);
  });

  it("follows configured settingsModels", () => {
    const schema = "model AppConfig {\n  id String @id\n  apiToken String?\n}\n";
    expect(run({ ...registered, settingsModels: ["AppConfig"] }, schema).map((f) => [f.line, f.column])).toEqual([[3, 3]]);
  });
});
