import { describe, expect, it } from "vitest";
import { createRegistry } from "./registry.js";
import { findSecretSqlWrites } from "./sql.js";

const registry = createRegistry({
  settingsModels: ["SystemSettings"],
  secrets: { geminiApiKey: { env: "GEMINI_API_KEY" }, smtpPassword: { env: "SMTP_PASSWORD", column: "smtp_password" } },
});

const fields = (sql: string) => findSecretSqlWrites(sql, registry).flatMap((w) => w.secrets.map((s) => `${w.kind}:${s.field}`));

describe("findSecretSqlWrites", () => {
  it.each([
    ['UPDATE "SystemSettings" SET "geminiModel" = $1, "geminiApiKey" = $2 WHERE "id" = $3', ["update:geminiApiKey"]],
    ["update systemsettings set smtp_password = $1", ["update:smtpPassword"]],
    ['UPDATE public."SystemSettings" AS s SET "geminiApiKey" = lower($1) WHERE s.id = $2', ["update:geminiApiKey"]],
    ['INSERT INTO "SystemSettings" ("id", "geminiApiKey") VALUES ($1, $2)', ["insert:geminiApiKey"]],
    ['UPDATE "SystemSettings" SET "geminiApiKey" = NULL, "smtp_password" = null', []],
    ['UPDATE "User" SET "geminiApiKey" = $1', []],
    ['SELECT "geminiApiKey" FROM "SystemSettings"', []],
    ['UPDATE "SystemSettings" SET "geminiModel" = $1 -- "geminiApiKey" = $2', []],
  ])("%s", (sql, expected) => {
    expect(fields(sql)).toEqual(expected);
  });
});
