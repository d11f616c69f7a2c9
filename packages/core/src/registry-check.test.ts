import { describe, expect, it } from "vitest";
import { ConfigError } from "./config.js";
import type { PrismaModel } from "./prisma-schema.js";
import { checkRegistry, RegistryError, type SettingsStoreValidator } from "./registry-check.js";
import { createRegistry, type LoadedRegistry } from "./registry.js";

const model = (name: string, fields: string[]): PrismaModel => ({
  name,
  table: name,
  file: "prisma/schema.prisma",
  line: 1,
  column: 1,
  fields: fields.map((field, index) => ({ name: field, column: field, type: "String", line: index + 2, column1: 3, endColumn: 3 + field.length })),
});

function loaded(config: LoadedRegistry["config"], models: PrismaModel[]): LoadedRegistry {
  return {
    registry: createRegistry(config, models),
    config,
    models,
    configFile: "/repo/guardrails.config.json",
    configLocation: "root",
    schemaFiles: models.length > 0 ? ["prisma/schema.prisma"] : [],
    schemaErrors: [],
    tree: { root: "/repo", exclude: [], files: [], gitignores: [], envExamples: [], unreadable: [] },
  };
}

describe("checkRegistry", () => {
  const settings = model("SystemSettings", ["id", "smtpHost", "smtpPassword"]);

  it("passes a registry whose names the schemas have, and one with no schema to compare with", () => {
    expect(() => checkRegistry(loaded({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }, [settings]), "/repo")).not.toThrow();
    expect(() => checkRegistry(loaded({ secrets: { anything: { env: "ANYTHING" } } }, []), "/repo")).not.toThrow();
  });

  it("names a secret no settings model has, with the nearest field", () => {
    expect(() => checkRegistry(loaded({ secrets: { smtpPasword: { env: "SMTP_PASSWORD" } } }, [settings]), "/repo")).toThrow(
      new ConfigError(
        "/repo/guardrails.config.json",
        "secrets.smtpPasword",
        'is not a field of the settings model SystemSettings (prisma/schema.prisma), so it guards nothing; did you mean "smtpPassword"?',
      ),
    );
  });

  it("names a missing default settings model, with the nearest model", () => {
    expect(() => checkRegistry(loaded({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }, [model("SystemSettngs", ["id", "smtpPassword"])]), "/repo")).toThrow(
      new ConfigError(
        "/repo/guardrails.config.json",
        "settingsModels",
        'is not set and the Prisma schemas found (prisma/schema.prisma) have no model SystemSettings nor one named *Settings or *Config: name the models that hold runtime settings (did you mean "SystemSettngs")',
      ),
    );
  });

  it("says nothing is registered", () => {
    expect(() => checkRegistry(loaded({ secrets: {} }, [settings]), "/repo")).toThrow(RegistryError);
  });

  it("runs every settings-store validator given (key-value and Drizzle stores plug in here)", () => {
    const keyValue: SettingsStoreValidator = { kind: "key-value table", validate: () => [{ keyPath: "keyValue.table", problem: "is not a table" }] };
    expect(() => checkRegistry(loaded({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }, [settings]), "/repo", [keyValue])).toThrow(
      '/repo/guardrails.config.json: "keyValue.table" is not a table',
    );
  });
});

describe("checkRegistry: key-value columns and Json paths the schema contradicts", () => {
  const withFields = (name: string, fields: [string, string, string?][]): PrismaModel => ({
    ...model(name, []),
    fields: fields.map(([field, type, column], index) => ({ name: field, column: column ?? field, type, line: index + 2, column1: 3, endColumn: 3 + field.length })),
  });
  const infra = withFields("InfraConfig", [["id", "String"], ["name", "String", "config_name"], ["value", "String"], ["owner", "User"]]);
  const site = withFields("SiteSettings", [["id", "String"], ["data", "Json"], ["label", "String"]]);
  const user = withFields("User", [["id", "String"]]);
  const secrets = { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } };
  const check = (config: LoadedRegistry["config"], models: PrismaModel[]) => () => checkRegistry(loaded(config, models), "/repo");

  it("passes configured columns the schema has (by field or @map name), whatever its shape says", () => {
    expect(check({ settingsModels: [{ model: "InfraConfig", keyColumn: "config_name", valueColumn: "value" }], secrets }, [infra, user])).not.toThrow();
  });

  it("names the model and the column that the schema does not have", () => {
    expect(check({ settingsModels: [{ model: "InfraConfig", keyColumn: "nme", valueColumn: "value" }], secrets }, [infra, user])).toThrow(
      new ConfigError("/repo/guardrails.config.json", "settingsModels[0].keyColumn", 'names "nme", which is not a field of InfraConfig (prisma/schema.prisma); did you mean "name"?'),
    );
    expect(check({ settingsModels: [{ model: "InfraConfig", keyColumn: "name", valueColumn: "payload" }], secrets }, [infra, user])).toThrow(
      new ConfigError("/repo/guardrails.config.json", "settingsModels[0].valueColumn", 'names "payload", which is not a field of InfraConfig (prisma/schema.prisma): its fields are id, name, value, owner'),
    );
  });

  it("refuses a relation field as a column", () => {
    expect(check({ settingsModels: [{ model: "InfraConfig", keyColumn: "name", valueColumn: "owner" }], secrets }, [infra, user])).toThrow(
      'guardrails.config.json: "settingsModels[0].valueColumn" names InfraConfig.owner, a relation field of InfraConfig (prisma/schema.prisma), not a column: name the column that holds its value',
    );
  });

  it("passes a path into a Json column of a settings model", () => {
    expect(check({ settingsModels: ["SiteSettings"], secrets: { "data.smtpPassword": { env: "SMTP_PASSWORD" } } }, [site])).not.toThrow();
  });

  it("refuses a path into a column that is not Json, naming the model and the column", () => {
    expect(check({ settingsModels: ["SiteSettings"], secrets: { "label.smtpPassword": { env: "SMTP_PASSWORD" } } }, [site])).toThrow(
      new ConfigError(
        "/repo/guardrails.config.json",
        "secrets.label.smtpPassword",
        'is a path into SiteSettings.label, a String column, not a Json column: a path names a property inside a Json column (Prisma `Json`, Drizzle `json`/`jsonb`); register "label" itself if the column holds the secret',
      ),
    );
  });

  it("refuses a path into a column no settings model has, with the nearest Json column", () => {
    expect(check({ settingsModels: ["SiteSettings"], secrets: { "dat.smtpPassword": { env: "SMTP_PASSWORD" } } }, [site])).toThrow(
      new ConfigError("/repo/guardrails.config.json", "secrets.dat.smtpPassword", 'is a path into the column "dat", which no settings model has (SiteSettings in prisma/schema.prisma); did you mean "data"?'),
    );
  });

  it("refuses a path into the value column of a key-value store", () => {
    const kv = withFields("Setting", [["key", "String"], ["payload", "Json"]]);
    expect(check({ settingsModels: [{ model: "Setting", keyColumn: "key", valueColumn: "payload" }], secrets: { "payload.password": { env: "P" } } }, [kv])).toThrow(
      'guardrails.config.json: "secrets.payload.password" is a path into Setting.payload, the value column of a key-value store: register the setting\'s key instead (a path into a key-value value is not supported)',
    );
  });
});
