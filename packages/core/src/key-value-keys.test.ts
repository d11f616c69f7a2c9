import { describe, expect, it } from "vitest";
import { findKeyValueKeys } from "./key-value-keys.js";

const store = { name: "InfraConfig", delegate: "infraConfig", keyColumn: "name" };

describe("findKeyValueKeys", () => {
  it("takes the secret-looking members of enums named after the store, by value", () => {
    const keys = findKeyValueKeys([store], [
      `export enum InfraConfigEnum {
  MAILER_SMTP_HOST = 'MAILER_SMTP_HOST',
  MAILER_SMTP_PASSWORD = 'MAILER_SMTP_PASSWORD',
  GOOGLE_CLIENT_SECRET = "GOOGLE_CLIENT_SECRET",
}
enum Theme { DARK_SECRET_MODE }`,
    ]);
    expect(keys.get("InfraConfig")).toEqual(["MAILER_SMTP_PASSWORD", "GOOGLE_CLIENT_SECRET"]);
  });

  it("takes string constants named after the store, and literal keys written through its delegate", () => {
    const property = { name: "Property", delegate: "property", keyColumn: "key" };
    const keys = findKeyValueKeys([property], [
      `export const PROPERTY_API_KEY_OPENROUTER = 'API_KEY_OPENROUTER';
export const PROPERTY_CURRENCIES = 'CURRENCIES';
export const OTHER_TOKEN = 'SLACK_TOKEN';`,
      `await prisma.property.upsert({ where: { key: "STRIPE_SECRET_KEY" }, create: { key: "STRIPE_SECRET_KEY", value }, update: { value } });
const label = { key: "GITHUB_TOKEN" };`,
    ]);
    expect(keys.get("Property")).toEqual(["API_KEY_OPENROUTER", "STRIPE_SECRET_KEY"]);
  });

  it("takes the secret-looking values of constant objects named after the store", () => {
    const config = { name: "config", delegate: "config", keyColumn: "key" };
    const keys = findKeyValueKeys([config], [
      `export const CONFIG_KEYS = { STRIPE_SECRET: "STRIPE_SECRET", SUPPORT_EMAIL: 'SUPPORT_EMAIL', "slack-bot-token": \`SLACK_BOT_TOKEN\` } as const;
export const configDefaults: Record<string, string> = { theme: "dark", timeout: "30s" };
export const OTHER = { GITHUB_TOKEN: "GITHUB_TOKEN" };`,
    ]);
    expect(keys.get("config")).toEqual(["STRIPE_SECRET", "SLACK_BOT_TOKEN"]);
  });

  it("takes the secret-looking items of constant arrays named after the store", () => {
    const setting = { name: "Setting", delegate: "setting", keyColumn: "key" };
    const keys = findKeyValueKeys([setting], [
      `export const SETTING_KEYS = ["SITE_NAME", 'SMTP_PASSWORD', \`OPENAI_API_KEY\`] as const;
export const settingLabels: string[] = ["Site name", "API token"];
export const OTHER_KEYS = ["GITHUB_TOKEN"];`,
    ]);
    expect(keys.get("Setting")).toEqual(["SMTP_PASSWORD", "OPENAI_API_KEY"]);
  });

  it("takes env-style keys passed to a settings getter when there is one key-value store", () => {
    const setting = { name: "Setting", delegate: "setting", keyColumn: "key" };
    const texts = [`const pass = await getSecret("SMTP_PASSWORD"); const n = await settings.getSetting('SITE_NAME');
const k = await resolveSetting(\`OPENAI_API_KEY\`); const c = configService.get("JWT_SECRET"); getSecret("lowercase_token");`];
    expect(findKeyValueKeys([setting], texts).get("Setting")).toEqual(["SMTP_PASSWORD", "OPENAI_API_KEY"]);
    // Two stores: whose key it is cannot be told.
    expect(findKeyValueKeys([setting, store], texts).get("Setting")).toEqual([]);
  });

  it("finds nothing in files that name neither the store nor its delegate", () => {
    expect(findKeyValueKeys([store], ["export const API_TOKEN = 'API_TOKEN';"]).get("InfraConfig")).toEqual([]);
  });
});
