import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config.js";
import { parsePrismaSchema, PrismaSchemaError } from "./prisma-schema.js";
import { createRegistry, loadRegistry } from "./registry.js";

const SCHEMA = `
model User {
  id           String @id
  passwordHash String?
  totpSecret   String?
}

/// Runtime settings.
model SystemSettings {
  id                String  @id @default("singleton")
  smtpHost          String?
  smtpUser          String?
  aiMaxTokens       Int     @default(2048)
  smtpPassword      String? @map("smtp_password")
  openAiApiKey      String?
  anonymizationSeed String?
  webhookSecret     String?
  useTokenAuth      Boolean @default(false)

  @@map("system_settings")
}
`;

describe("parsePrismaSchema", () => {
  it("reads models, fields, @map and @@map with positions", () => {
    const [user, settings] = parsePrismaSchema(SCHEMA, "prisma/schema.prisma");
    expect(user).toMatchObject({ name: "User", table: "User", line: 2 });
    expect(settings).toMatchObject({ name: "SystemSettings", table: "system_settings", line: 9, file: "prisma/schema.prisma" });
    expect(settings!.fields.find((f) => f.name === "smtpPassword")).toEqual({
      name: "smtpPassword",
      column: "smtp_password",
      type: "String",
      line: 14,
      column1: 3,
      endColumn: 15,
    });
  });

  it("reports a syntax error with its position", () => {
    expect(() => parsePrismaSchema("model X {\n  id String @id\n  oops oops oops {\n}", "bad.prisma")).toThrow(PrismaSchemaError);
  });

  it("normalises CRLF line endings", () => {
    const [model] = parsePrismaSchema(SCHEMA.replace(/\n/g, "\r\n"), "schema.prisma");
    expect(model!.name).toBe("User");
  });
});

describe("createRegistry", () => {
  const models = parsePrismaSchema(SCHEMA, "prisma/schema.prisma");

  it("discovers secrets of the settings model only, with SCREAMING_SNAKE env names and mapped columns", () => {
    const registry = createRegistry({}, models);
    expect(registry.source).toBe("discovered");
    expect(registry.secrets).toEqual([
      { field: "smtpPassword", envVars: ["SMTP_PASSWORD"], column: "smtp_password" },
      { field: "openAiApiKey", envVars: ["OPEN_AI_API_KEY"], column: "openAiApiKey" },
      { field: "anonymizationSeed", envVars: ["ANONYMIZATION_SEED"], column: "anonymizationSeed" },
      { field: "webhookSecret", envVars: ["WEBHOOK_SECRET"], column: "webhookSecret" },
    ]);
    expect(registry.unregisteredFields).toEqual([]);
  });

  it("uses the configured registry and lists secret-looking fields it misses", () => {
    const registry = createRegistry({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, openAiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] } } }, models);
    expect(registry.source).toBe("config");
    expect(registry.secret("smtpPassword")?.envVars).toEqual(["SMTP_PASSWORD"]);
    expect(registry.secret("smtp_password")?.field).toBe("smtpPassword");
    expect(registry.secretForEnvVar("AZURE_OPENAI_API_KEY")?.field).toBe("openAiApiKey");
    expect(registry.secret("smtpHost")).toBeUndefined();
    expect(registry.secret("__proto__")).toBeUndefined();
    expect(registry.unregisteredFields.map((f) => [f.field, f.line])).toEqual([
      ["anonymizationSeed", 16],
      ["webhookSecret", 17],
    ]);
  });

  it("knows delegates and tables", () => {
    const registry = createRegistry({}, models);
    expect(registry.isSettingsDelegate("systemSettings")).toBe(true);
    expect(registry.isSettingsDelegate("user")).toBe(false);
    expect(registry.settingsModelForTable('"system_settings"')?.name).toBe("SystemSettings");
    expect(registry.settingsModelForTable("SystemSettings")?.name).toBe("SystemSettings");
    expect(registry.settingsModelForTable("User")).toBeUndefined();
  });

  it("falls back to *Settings/*Config models when SystemSettings is absent and nothing is configured", () => {
    const registry = createRegistry({}, parsePrismaSchema("model AppConfig {\n  id String @id\n  stripeSecretKey String?\n}", "s.prisma"));
    expect(registry.settingsModels.map((m) => m.delegate)).toEqual(["appConfig"]);
    expect(registry.secrets.map((s) => s.field)).toEqual(["stripeSecretKey"]);
  });

  describe("key-value stores named with their columns", () => {
    // No @unique on `name`, and a value column the shape does not know: only the config says key-value.
    const infra = parsePrismaSchema('model InfraConfig {\n  id String @id\n  name String @map("config_name")\n  setting String?\n}', "prisma/schema.prisma");

    it("takes the columns from the config over the schema's shape, a @map name as its field", () => {
      expect(createRegistry({ settingsModels: ["InfraConfig"], secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } } }, infra).settingsModels[0]).toMatchObject({ kind: "row" });
      const registry = createRegistry(
        { settingsModels: [{ model: "InfraConfig", keyColumn: "config_name", valueColumn: "setting" }], secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } } },
        infra,
      );
      expect(registry.settingsModels[0]).toMatchObject({ name: "InfraConfig", delegate: "infraConfig", kind: "key-value", keyColumn: "name", valueColumn: "setting", columnsFrom: "config" });
    });

    it("says the shape gave the columns when the config names the model only", () => {
      const shaped = parsePrismaSchema("model InfraConfig {\n  id String @id\n  name String @unique\n  value String?\n}", "prisma/schema.prisma");
      expect(createRegistry({ settingsModels: [{ model: "InfraConfig" }] }, shaped).settingsModels[0]).toMatchObject({ kind: "key-value", keyColumn: "name", valueColumn: "value", columnsFrom: "schema" });
    });

    it("spells the columns out in toConfig, so the plugin rebuilds the same store", () => {
      const registry = createRegistry({ settingsModels: ["SystemSettings", { model: "InfraConfig", keyColumn: "name", valueColumn: "setting" }], secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } } }, [...models, ...infra]);
      expect(registry.toConfig().settingsModels).toEqual(["SystemSettings", { model: "InfraConfig", keyColumn: "name", valueColumn: "setting" }]);
      expect(createRegistry(registry.toConfig(), [...models, ...infra]).settingsModels).toEqual(registry.settingsModels);
    });
  });

  describe("secrets inside Json columns", () => {
    const site = parsePrismaSchema('model SiteSettings {\n  id String @id\n  data Json @map("site_data")\n  apiToken Json?\n}', "prisma/schema.prisma");
    const registry = createRegistry(
      { settingsModels: ["SiteSettings"], secrets: { "data.smtpPassword": { env: "SMTP_PASSWORD" }, "data.oauth.clientSecret": { env: "OAUTH_CLIENT_SECRET" } } },
      site,
    );

    it("registers a path: its column, and the path as its name (never the column's: `data` is not the secret)", () => {
      expect(registry.secrets).toEqual([
        { field: "data.smtpPassword", envVars: ["SMTP_PASSWORD"], column: "data.smtpPassword", jsonColumn: "data" },
        { field: "data.oauth.clientSecret", envVars: ["OAUTH_CLIENT_SECRET"], column: "data.oauth.clientSecret", jsonColumn: "data" },
      ]);
      expect(registry.secret("data.smtpPassword")?.envVars).toEqual(["SMTP_PASSWORD"]);
      expect(registry.secret("data")).toBeUndefined();
      expect(registry.secret("site_data")).toBeUndefined();
      expect(registry.secret("smtpPassword")).toBeUndefined();
    });

    it("lists the secrets under a column or a path into it", () => {
      expect(registry.secretsUnder("data").map((secret) => secret.field)).toEqual(["data.smtpPassword", "data.oauth.clientSecret"]);
      expect(registry.secretsUnder("data.oauth").map((secret) => secret.field)).toEqual(["data.oauth.clientSecret"]);
      expect(registry.secretsUnder("data.smtpPassword")).toEqual([]);
      expect(registry.secretsUnder("apiToken")).toEqual([]);
    });

    it("counts a Json column with registered paths as covered, not another secret-looking Json column", () => {
      expect(registry.unregisteredFields.map((field) => field.field)).toEqual(["apiToken"]);
    });

    it("round-trips through toConfig without a column", () => {
      expect(registry.toConfig().secrets!["data.smtpPassword"]).toEqual({ env: ["SMTP_PASSWORD"] });
      expect(createRegistry(registry.toConfig(), site).secrets).toEqual(registry.secrets);
    });
  });

  it("round-trips through toConfig", () => {
    const registry = createRegistry({}, models);
    const again = createRegistry(registry.toConfig());
    expect(again.secrets).toEqual(registry.secrets);
    expect(again.admin.procedurePattern.source).toBe("admin");
  });
});

describe("loadRegistry", () => {
  const root = mkdtempSync(join(tmpdir(), "guardrails-registry-"));
  mkdirSync(join(root, "packages/db/prisma"), { recursive: true });
  writeFileSync(join(root, "packages/db/prisma/schema.prisma"), SCHEMA);
  mkdirSync(join(root, "node_modules/x/prisma"), { recursive: true });
  writeFileSync(join(root, "node_modules/x/prisma/schema.prisma"), "model SystemSettings {\n  id String @id\n  otherSecret String?\n}");

  it("discovers schema.prisma files outside node_modules", () => {
    const loaded = loadRegistry({ root });
    expect(loaded.schemaFiles).toEqual(["packages/db/prisma/schema.prisma"]);
    expect(loaded.registry.secrets.map((s) => s.field)).toContain("smtpPassword");
  });

  it("fails closed on a --config path that does not exist", () => {
    expect(() => loadRegistry({ root, configFile: join(root, "nope.json") })).toThrow(ConfigError);
  });

  it("reports an unparsable schema instead of skipping it", () => {
    const broken = mkdtempSync(join(tmpdir(), "guardrails-registry-broken-"));
    writeFileSync(join(broken, "schema.prisma"), "model {{{");
    const loaded = loadRegistry({ root: broken });
    expect(loaded.schemaErrors).toHaveLength(1);
    expect(loaded.schemaErrors[0]!.file).toBe("schema.prisma");
  });
});
