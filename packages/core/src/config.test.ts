import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfigFile, validateConfig } from "./config.js";

function expectConfigError(raw: unknown, message: string): void {
  expect(() => validateConfig(raw, "guardrails.config.json")).toThrow(ConfigError);
  expect(() => validateConfig(raw, "guardrails.config.json")).toThrow(message);
}

describe("validateConfig", () => {
  it("accepts the contract's example", () => {
    const config = {
      settingsModels: ["SystemSettings"],
      secrets: {
        smtpPassword: { env: "SMTP_PASSWORD" },
        openaiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
      },
      include: ["**/*.{ts,tsx,mts,cts}"],
      exclude: ["**/node_modules/**", "**/dist/**"],
    };
    expect(validateConfig(config)).toEqual(config);
  });

  it("accepts an empty object", () => {
    expect(validateConfig({})).toEqual({});
  });

  it.each([
    [[], 'guardrails.config.json: must contain a JSON object'],
    [{ settingModels: ["X"] }, 'guardrails.config.json: "settingModels" is not a known key'],
    [{ settingsModels: "SystemSettings" }, '"settingsModels" must be an array of strings'],
    [{ settingsModels: [] }, '"settingsModels" must name at least one model'],
    [{ settingsModels: ["System Settings"] }, '"settingsModels[0]" must be an identifier'],
    [{ secrets: { smtpPassword: { env: ["SMTP_PASSWORD", "sk-live-1"] } } }, '"secrets.smtpPassword.env[1]" must be an environment variable name'],
    [{ secrets: [] }, '"secrets" must be an object'],
    [{ secrets: { smtpPassword: "SMTP_PASSWORD" } }, '"secrets.smtpPassword" must be an object'],
    [{ secrets: { smtpPassword: {} } }, '"secrets.smtpPassword.env" is required'],
    [{ secrets: { smtpPassword: { env: 42 } } }, '"secrets.smtpPassword.env" is required and must be a string'],
    [{ secrets: { smtpPassword: { env: [] } } }, '"secrets.smtpPassword.env" must name at least one'],
    [{ secrets: { smtpPassword: { env: "SMTP-PASSWORD" } } }, '"secrets.smtpPassword.env" must be an environment variable name'],
    [{ secrets: { smtpPassword: { env: "X", envVar: "Y" } } }, '"secrets.smtpPassword.envVar" is not a known key'],
    [{ include: "src/**" }, '"include" must be an array of strings'],
    [{ exclude: [1] }, '"exclude[0]" must be a non-empty string'],
    [{ admin: { procedurePattern: "(" } }, '"admin.procedurePattern" is not a valid regular expression'],
    [{ admin: { uiGlob: [] } }, '"admin.uiGlob" is not a known key'],
    [{ admin: { guardPattern: "[admin" } }, '"admin.guardPattern" is not a valid regular expression'],
    [{ configSources: [] }, '"configSources" must be an object'],
    [{ configSources: { loaders: [] } }, '"configSources.loaders" is not a known key'],
    [{ configSources: { dbNamespaces: ["INFRA.X"] } }, '"configSources.dbNamespaces[0]" must be an identifier'],
    [{ configSources: { envServices: "configService" } }, '"configSources.envServices" must be an array of strings'],
  ])("rejects %j naming the key", (raw, message) => {
    expectConfigError(raw, message);
  });

  it.each([
    [{ secrets: { smtpPassword: { env: ["SMTP_PASSWORD", "sk-live-s3cr3t"] } } }],
    [{ secrets: { smtpPassword: { env: "sk-live-s3cr3t" } } }],
    [{ settingsModels: ["sk-live-s3cr3t"] }],
    [{ admin: { procedurePattern: "(sk-live-s3cr3t" } }],
  ])("never echoes a value in the message: %j", (raw) => {
    expect(() => validateConfig(raw)).toThrow(ConfigError);
    expect(() => validateConfig(raw)).not.toThrow(/s3cr3t/);
  });
});

describe("readConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "guardrails-config-"));

  it("names the file when the JSON is broken", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ settingsModels: [");
    expect(() => readConfigFile(file)).toThrow(`${file}: is not valid JSON`);
  });

  it("names the file when it cannot be read", () => {
    expect(() => readConfigFile(join(dir, "missing.json"))).toThrow(`${join(dir, "missing.json")}: cannot be read (ENOENT)`);
  });

  it("refuses what is not a regular file without reading it (a device would never end)", () => {
    expect(() => readConfigFile("/dev/zero")).toThrow("/dev/zero: is not a regular file");
    expect(() => readConfigFile(dir)).toThrow(`${dir}: is a directory`);
  });

  it("accepts a BOM", () => {
    const file = join(dir, "bom.json");
    writeFileSync(file, '\uFEFF{ "settingsModels": ["AppSettings"] }');
    expect(readConfigFile(file)).toEqual({ settingsModels: ["AppSettings"] });
  });
});
