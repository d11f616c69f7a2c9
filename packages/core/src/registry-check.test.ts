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
