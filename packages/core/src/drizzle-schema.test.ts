import { describe, expect, it } from "vitest";
import { parseDrizzleTables } from "./drizzle-schema.js";
import { createRegistry } from "./registry.js";

const schema = `import { pgTable, serial, text, jsonb } from "drizzle-orm/pg-core";
export const appSettings = pgTable("app_settings", {
  id: serial("id").primaryKey(),
  smtpHost: text("smtp_host"),
  "smtpPassword": text("smtp_password").notNull(),
  flags: jsonb("flags").default({ a: "x,y" }),
});
export const appConfig = pgTable("app_config", { key: text("key").primaryKey(), value: text("value") });
`;

describe("parseDrizzleTables", () => {
  it("reads tables as models: the variable, the SQL name, columns with their SQL names, types and keys", () => {
    const [settings, config] = parseDrizzleTables(schema, "src/db/schema.ts");
    expect({ name: settings!.name, table: settings!.table, orm: settings!.orm, line: settings!.line }).toEqual({ name: "appSettings", table: "app_settings", orm: "drizzle", line: 2 });
    expect(settings!.fields.map((field) => [field.name, field.column, field.type, field.unique ?? false, field.line])).toEqual([
      ["id", "id", "Int", true, 3],
      ["smtpHost", "smtp_host", "String", false, 4],
      ["smtpPassword", "smtp_password", "String", false, 5],
      ["flags", "flags", "Json", false, 6],
    ]);
    expect(config!.fields.map((field) => [field.name, field.unique ?? false])).toEqual([["key", true], ["value", false]]);
  });

  it("gives the registry a row store and a key-value store, named by their variables", () => {
    const registry = createRegistry({}, parseDrizzleTables(schema, "src/db/schema.ts"));
    expect(registry.settingsModels.map((model) => [model.name, model.orm, model.kind, model.delegate, model.table])).toEqual([
      ["appSettings", "drizzle", "row", "appSettings", "app_settings"],
      ["appConfig", "drizzle", "key-value", "appConfig", "app_config"],
    ]);
    expect(registry.secrets.map((secret) => [secret.field, secret.column, secret.envVars])).toEqual([["smtpPassword", "smtp_password", ["SMTP_PASSWORD"]]]);
  });
});
