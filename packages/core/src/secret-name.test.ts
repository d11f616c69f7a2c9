import { describe, expect, it } from "vitest";
import { looksLikeSecretName, splitWords, toEnvVarName } from "./secret-name.js";

// Real-world field names, from Prisma schemas, env files and settings tables.
const SECRET_NAMES = [
  "smtpPassword",
  "smtpPass",
  "password",
  "dbPasswd",
  "azureOpenAiApiKey",
  "azureDalleApiKey",
  "geminiApiKey",
  "openaiApiKey",
  "apiKey",
  "api_key",
  "stripeSecretKey",
  "stripeKey",
  "sendgridApiKey",
  "anonymizationSeed",
  "hashSeed",
  "webhookSigningSecret",
  "webhookSecret",
  "clientSecret",
  "githubClientSecret",
  "jwtSecret",
  "sessionSecret",
  "totpSecret",
  "accessToken",
  "refresh_token",
  "id_token",
  "slackBotToken",
  "authToken",
  "privateKey",
  "privateKeyPem",
  "signingKey",
  "encryptionKey",
  "awsSecretAccessKey",
  "awsAccessKey",
  "serviceAccountCredentials",
  "gcpCredential",
  "passwordSalt",
  "passphrase",
  "SMTP_PASSWORD",
  "apiKeyEncrypted",
  "hmacKey",
];

const NON_SECRET_NAMES = [
  "passwordMinLength",
  "tokenTtlMinutes",
  "githubClientId",
  "smtpUser",
  "smtpHost",
  "apiKeyLastRotatedAt",
  "aiMaxTokens",
  "maxTokens",
  "passwordHash",
  "apiTokenHash",
  "apiTokenHint",
  "tokenType",
  "token_type",
  "hasSmtpPassword",
  "useSecretManager",
  "requirePasswordChange",
  "secretName",
  "secretArn",
  "publicKey",
  "stripePublishableKey",
  "recaptchaSiteKey",
  "primaryKey",
  "cacheKey",
  "idempotencyKey",
  "sortKey",
  "nextPageToken",
  "demoSeed",
  "azureOpenAiEndpoint",
  "smtpFrom",
  "anonymizationMode",
  "anonymizationDomain",
  "passwordPolicy",
  "apiKeyId",
  "apiKeyPrefix",
  "secretExpiresAt",
  "tokenExpiresAt",
  "passwordResetAt",
  "key",
  "outboundWebhookUrl",
  "smtpSecure",
  "geminiModel",
  "credentialsId",
];

// Env-style keys of key-value stores name the secret first and its owner after it.
const KEY_STYLE_SECRETS = ["API_KEY_OPENROUTER", "API_KEY_GHOSTFOLIO", "SECRET_KEY_BASE", "apiKeyOpenAi"];
const KEY_STYLE_METADATA = ["MAGIC_LINK_TOKEN_VALIDITY", "TOKEN_SALT_COMPLEXITY", "ACCESS_TOKEN_VALIDITY", "PASSWORD_RESET_URL", "TOKEN_COOKIE_NAME", "SECRET_MESSAGE_TEXT"];

describe("looksLikeSecretName", () => {
  it.each(KEY_STYLE_SECRETS)("%s (a secret, then whose) looks like a secret", (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });
  it.each(KEY_STYLE_METADATA)("%s (a secret, then what about it) does not", (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
  it.each(SECRET_NAMES)("%s looks like a secret", (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });
  it.each(NON_SECRET_NAMES)("%s does not", (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
  it("covers at least 40 names each way", () => {
    expect(SECRET_NAMES.length).toBeGreaterThanOrEqual(40);
    expect(NON_SECRET_NAMES.length).toBeGreaterThanOrEqual(40);
  });
});

describe("splitWords / toEnvVarName", () => {
  it.each([
    ["azureOpenAiApiKey", ["azure", "open", "ai", "api", "key"], "AZURE_OPEN_AI_API_KEY"],
    ["smtpPassword", ["smtp", "password"], "SMTP_PASSWORD"],
    ["SMTP_PASSWORD", ["smtp", "password"], "SMTP_PASSWORD"],
    ["refresh_token", ["refresh", "token"], "REFRESH_TOKEN"],
    ["HTMLParserKey", ["html", "parser", "key"], "HTML_PARSER_KEY"],
    ["s3SecretKey", ["s3", "secret", "key"], "S3_SECRET_KEY"],
  ])("%s", (name, words, env) => {
    expect(splitWords(name)).toEqual(words);
    expect(toEnvVarName(name)).toBe(env);
  });
});
