import { describe, expect, it } from "vitest";
import { createRegistry } from "./registry.js";
import { findSecretSqlReads, findSecretSqlWrites, splitStatements } from "./sql.js";

const registry = createRegistry({
  settingsModels: ["SystemSettings"],
  secrets: { geminiApiKey: { env: "GEMINI_API_KEY" }, smtpPassword: { env: "SMTP_PASSWORD", column: "smtp_password" } },
});

const fields = (sql: string) => findSecretSqlWrites(sql, registry).flatMap((w) => [...w.secrets.map((s) => `${w.kind}:${s.field}`), ...w.cleared.map((s) => `cleared:${s.field}`)]);

describe("findSecretSqlWrites", () => {
  it.each([
    ['UPDATE "SystemSettings" SET "geminiModel" = $1, "geminiApiKey" = $2 WHERE "id" = $3', ["update:geminiApiKey"]],
    ["update systemsettings set smtp_password = $1", ["update:smtpPassword"]],
    ['UPDATE public."SystemSettings" AS s SET "geminiApiKey" = lower($1) WHERE s.id = $2', ["update:geminiApiKey"]],
    ['INSERT INTO "SystemSettings" ("id", "geminiApiKey") VALUES ($1, $2)', ["insert:geminiApiKey"]],
    ['UPDATE "SystemSettings" SET "geminiApiKey" = NULL, "smtp_password" = null', ["cleared:geminiApiKey", "cleared:smtpPassword"]],
    ['UPDATE "User" SET "geminiApiKey" = $1', []],
    ['SELECT "geminiApiKey" FROM "SystemSettings"', []],
    ['UPDATE "SystemSettings" SET "geminiModel" = $1 -- "geminiApiKey" = $2', []],
    // A quoted literal holding a `;` does not end the statement.
    [`UPDATE "SystemSettings" SET "geminiModel" = 'a;b', "geminiApiKey" = $1`, ["update:geminiApiKey"]],
    // INSERT ... ON CONFLICT DO UPDATE writes the inserted columns.
    ['INSERT INTO "SystemSettings" ("id", "smtp_password") VALUES (1, $1) ON CONFLICT ("id") DO UPDATE SET "smtp_password" = EXCLUDED."smtp_password"', ["insert:smtpPassword"]],
    // ... and the columns its update part sets, also when the insert names no secret.
    ['INSERT INTO "SystemSettings" ("id") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "smtp_password" = $1 WHERE "SystemSettings"."id" = 1', ["insert:smtpPassword"]],
    ["INSERT INTO SystemSettings (id) VALUES (1) ON DUPLICATE KEY UPDATE geminiApiKey = ?", ["insert:geminiApiKey"]],
    ['INSERT INTO "SystemSettings" ("id") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "smtp_password" = NULL', ["cleared:smtpPassword"]],
    ['INSERT INTO "SystemSettings" ("id") VALUES (1) ON CONFLICT DO NOTHING', []],
    ['INSERT INTO "SystemSettings" ("id", "geminiModel") VALUES (1, $1) ON CONFLICT ("id") DO UPDATE SET "geminiModel" = EXCLUDED."geminiModel"', []],
  ])("%s", (sql, expected) => {
    expect(fields(sql)).toEqual(expected);
  });

  it("says when a column is chosen at run time", () => {
    expect(findSecretSqlWrites('UPDATE "SystemSettings" SET "$1" = $2', registry).map((write) => write.dynamicColumn)).toEqual([true]);
    expect(findSecretSqlWrites('INSERT INTO "SystemSettings" ("id", $1) VALUES ($2, $3)', registry).map((write) => write.dynamicColumn)).toEqual([true]);
    expect(findSecretSqlWrites('UPDATE "SystemSettings" SET "geminiModel" = $1', registry)).toEqual([]);
  });
});

describe("findSecretSqlReads", () => {
  const read = (sql: string) => findSecretSqlReads(sql, registry).map((r) => r.secrets.map((s) => s.field));
  it.each([
    ['SELECT "geminiApiKey", "geminiModel" FROM "SystemSettings"', [["geminiApiKey"]]],
    ["select s.smtp_password as pass from systemsettings s", [["smtpPassword"]]],
    ['SELECT * FROM "SystemSettings" LIMIT 1', [["geminiApiKey", "smtpPassword"]]],
    ['SELECT "geminiModel" FROM "SystemSettings"', [[]]],
    ['SELECT "geminiApiKey" FROM "User"', []],
  ])("%s", (sql, expected) => {
    expect(read(sql)).toEqual(expected);
  });
});

describe("splitStatements", () => {
  it("splits at semicolons outside quotes only", () => {
    expect(splitStatements(`a = 'x;y'; b = "c;d"; c`)).toEqual([`a = 'x;y'`, ` b = "c;d"`, " c"]);
  });
});
