/** How findings name secrets and environment variables in messages (names only, never values). */
import type { SecretEntry } from "@secret-guardrails/core";

/** `'smtpPassword', 'geminiApiKey'` */
export function quotedFields(secrets: readonly SecretEntry[]): string {
  return secrets.map((secret) => `'${secret.field}'`).join(", ");
}

/** The env vars of one secret: `AZURE_OPENAI_API_KEY or OPENAI_API_KEY`. */
export function envVarOf(secret: SecretEntry): string {
  return secret.envVars.join(" or ");
}

/** The env vars of several secrets: `SMTP_PASSWORD, GEMINI_API_KEY`. */
export function envVarsOf(secrets: readonly SecretEntry[]): string {
  return secrets.flatMap((secret) => secret.envVars).join(", ");
}

/** `'anonymizationSeed' (column "anonymization_seed")` for SQL, where columns are what the statement names. */
export function sqlFields(secrets: readonly SecretEntry[]): string {
  return secrets.map((secret) => (secret.column !== secret.field ? `'${secret.field}' (column "${secret.column}")` : `'${secret.field}'`)).join(", ");
}

/**
 * `smtpPassword` -> `SmtpPassword` (for `has{{Secret}}`); a path into a Json column by its last property
 * (`data.smtpPassword` -> `SmtpPassword`); a key-value key in SCREAMING_SNAKE_CASE or kebab-case by its
 * words (`STRIPE_SECRET_KEY` -> `StripeSecretKey`).
 */
export function capitalized(name: string): string {
  const last = name.slice(name.lastIndexOf(".") + 1);
  const words = /[_-]/.test(last) || /^[A-Z0-9]+$/.test(last) ? last.toLowerCase().split(/[_-]+/).filter(Boolean) : [last];
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}
