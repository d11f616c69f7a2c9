import { describe, expect, it } from "vitest";
import { parsePrismaSchema } from "./prisma-schema.js";
import { createRegistry } from "./registry.js";
import { discoverSettingsModels, storeShape } from "./settings-stores.js";

const models = (schema: string) => parsePrismaSchema(schema, "schema.prisma");
const model = (schema: string) => models(schema)[0]!;

describe("storeShape", () => {
  it("is key-value for a unique key column and a value column", () => {
    expect(storeShape(model(`model InfraConfig {
  id String @id
  name String @unique
  value String?
  isEncrypted Boolean @default(false)
  updatedOn DateTime @updatedAt
}`))).toEqual({ kind: "key-value", keyColumn: "name", valueColumn: "value" });
    expect(storeShape(model("model Property {\n  key String @id\n  value String\n}"))).toEqual({ kind: "key-value", keyColumn: "key", valueColumn: "value" });
  });

  it("is a row store otherwise (a key that is not unique, no value column, or no model)", () => {
    expect(storeShape(model("model SystemSettings {\n  id String @id\n  smtpPassword String?\n}"))).toEqual({ kind: "row" });
    expect(storeShape(model("model Tag {\n  id String @id\n  name String\n  value String\n}"))).toEqual({ kind: "row" });
    expect(storeShape(undefined)).toEqual({ kind: "row" });
  });
});

describe("discoverSettingsModels", () => {
  const secretColumn = (field: { name: string }) => /password|secret|apiKey/i.test(field.name);

  it("takes SystemSettings when there is one", () => {
    expect(discoverSettingsModels(models("model SystemSettings {\n  id String @id\n}\nmodel AppConfig {\n  id String @id\n  apiKey String\n}"), secretColumn)).toEqual(["SystemSettings"]);
  });

  it("takes app-wide settings models by shape, not by name alone", () => {
    const schema = models(`model User {
  id String @id
  settings Settings?
}
model Settings {
  settings Json?
  userId String @unique
  user User @relation(fields: [userId], references: [id])
}
model ScoreConfig {
  id String @id
  name String
  threshold Int
}
model Property {
  key String @id
  value String
}
model MailConfig {
  id Int @id
  smtpPassword String?
}`);
    // Settings is per-user, ScoreConfig holds no secret; Property is key-value shaped, MailConfig holds one.
    expect(discoverSettingsModels(schema, secretColumn)).toEqual(["Property", "MailConfig"]);
  });

  it("takes a key-value model of any name whose enum of keys names secrets", () => {
    const schema = models(`enum SettingKey {
  SMTP_HOST
  SMTP_PASSWORD
}
model Entry {
  key SettingKey @id
  value String
}`);
    expect(discoverSettingsModels(schema, secretColumn)).toEqual(["Entry"]);
    const registry = createRegistry({}, schema);
    expect(registry.settingsModels.map((m) => [m.name, m.kind, m.keyColumn, m.valueColumn])).toEqual([["Entry", "key-value", "key", "value"]]);
    expect(registry.secrets).toEqual([{ field: "SMTP_PASSWORD", envVars: ["SMTP_PASSWORD"], column: "SMTP_PASSWORD" }]);
  });
});
