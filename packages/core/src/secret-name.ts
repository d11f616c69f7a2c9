/**
 * Classifies field names: does this name look like it holds a secret value?
 *
 * Works on words, not substrings: `smtpPassword` is a secret, `passwordMinLength` is a setting about
 * passwords. The last meaningful word (the head noun) decides, qualified by the word before it.
 */

/** Splits `azureOpenAiApiKey`, `SMTP_PASSWORD`, `refresh_token`, `x-api-key` into lower-case words. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** `smtpPassword` -> `SMTP_PASSWORD`: the default environment variable of a discovered secret. */
export function toEnvVarName(name: string): string {
  return splitWords(name)
    .map((word) => word.toUpperCase())
    .join("_");
}

/** Head nouns that name a secret value by themselves. */
const SECRET_NOUNS = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "secret",
  "token",
  "seed",
  "credential",
  "credentials",
  "salt",
  "pepper",
  "apikey",
  "privatekey",
  "secretkey",
]);

/** `key` is a secret unless the word before it says it is a lookup, an index or a public key. */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  "public",
  "publishable",
  "site",
  "primary",
  "foreign",
  "sort",
  "cache",
  "idempotency",
  "partition",
  "composite",
  "unique",
  "lookup",
  "object",
  "file",
  "s3",
  "bucket",
  "storage",
  "translation",
  "i18n",
  "query",
  "route",
  "group",
  "locale",
  "label",
  "setting",
  "settings",
  "config",
  "feature",
  "hot",
  "shortcut",
  "keyboard",
  "row",
  "message",
  "event",
  "redis",
  "dedupe",
  "dedup",
  "react",
  "map",
  "hash",
]);

/** `token` is a count or a cursor after these words (`aiMaxTokens`, `nextPageToken`). */
const NON_SECRET_TOKEN_QUALIFIERS = new Set([
  "max",
  "min",
  "total",
  "input",
  "output",
  "completion",
  "prompt",
  "page",
  "next",
  "continuation",
  "pagination",
  "cursor",
  "sync",
  "design",
  "csrf",
]);

/** `seed` is not a secret after these words (`demoSeed` data, `dbSeed` scripts). */
const NON_SECRET_SEED_QUALIFIERS = new Set(["demo", "data", "db", "database", "test", "fixture"]);

/** Trailing words that make the name metadata about a secret rather than the secret itself. */
const METADATA_SUFFIXES = new Set([
  "at",
  "on",
  "date",
  "time",
  "ttl",
  "minutes",
  "seconds",
  "ms",
  "hours",
  "days",
  "length",
  "len",
  "min",
  "max",
  "count",
  "hint",
  "hash",
  "hashed",
  "digest",
  "id",
  "ids",
  "name",
  "names",
  "arn",
  "ref",
  "type",
  "kind",
  "url",
  "uri",
  "endpoint",
  "host",
  "enabled",
  "disabled",
  "required",
  "expires",
  "expiry",
  "expiration",
  "version",
  "rotated",
  "rotation",
  "header",
  "prefix",
  "suffix",
  "source",
  "status",
  "policy",
  "strength",
  "mode",
  "field",
  "label",
  "env",
  "var",
  "variable",
  "path",
  "file",
  "limit",
  "size",
  "timeout",
  "algorithm",
  "alg",
  "format",
  "scope",
  "scopes",
  "issuer",
  "audience",
  "owner",
  "last4",
  "fingerprint",
  "reset",
  "change",
  "changed",
  "policy",
  "rules",
  "stored",
  "present",
  "configured",
  "set",
]);

/** Leading words of booleans and counters: `hasSmtpPassword`, `useSecretManager`, `numTokens`. */
const NON_SECRET_PREFIXES = new Set([
  "is",
  "has",
  "use",
  "uses",
  "enable",
  "enabled",
  "disable",
  "require",
  "requires",
  "allow",
  "show",
  "num",
  "should",
  "can",
  "needs",
]);

/** Trailing encodings that do not change what the value is (`privateKeyPem`, `apiKeyEncrypted`). */
const ENCODING_SUFFIXES = new Set(["pem", "base64", "b64", "hex", "json", "encrypted", "enc", "ciphertext", "value", "raw"]);

/** Does a field or variable with this name hold a secret value? */
export function looksLikeSecretName(name: string): boolean {
  const words = splitWords(name);
  while (words.length > 1 && ENCODING_SUFFIXES.has(words.at(-1)!)) words.pop();
  if (words.length === 0) return false;
  if (words.length > 1 && NON_SECRET_PREFIXES.has(words[0]!)) return false;

  const head = words.at(-1)!;
  const qualifier = words.length > 1 ? words.at(-2)! : undefined;
  if (METADATA_SUFFIXES.has(head)) return false;
  if (head === "key" || head === "keys") {
    return qualifier !== undefined && !NON_SECRET_KEY_QUALIFIERS.has(qualifier) && !METADATA_SUFFIXES.has(qualifier);
  }
  if (head === "token") return qualifier === undefined || !NON_SECRET_TOKEN_QUALIFIERS.has(qualifier);
  if (head === "seed") return qualifier === undefined || !NON_SECRET_SEED_QUALIFIERS.has(qualifier);
  if (head === "pass") return qualifier !== undefined && qualifier !== "by";
  return SECRET_NOUNS.has(head) || secretBeforeQualifier(words);
}

/** Words after a secret that say what about it (`TOKEN_VALIDITY`, `SALT_COMPLEXITY`), not whose it is. */
const ATTRIBUTE_WORDS = new Set([
  "validity",
  "complexity",
  "lifetime",
  "duration",
  "mode",
  "style",
  "user",
  "username",
  "email",
  "address",
  "port",
  "from",
  "region",
  "provider",
  "secure",
  "method",
  "strategy",
  "rounds",
  "cost",
  "file",
  "path",
  "dir",
  "location",
  "header",
  "cookie",
  "param",
  "query",
  "field",
  "input",
  "form",
  "page",
  "error",
  "message",
  "text",
  "placeholder",
  "schema",
  "regex",
  "pattern",
]);

/**
 * A secret named first and its owner after it, as env-style keys often are: `API_KEY_OPENROUTER`,
 * `SECRET_KEY_BASE`, `PASSWORD_SMTP`. Not when a word after it says what about the secret it is
 * (`TOKEN_VALIDITY`, `PASSWORD_RESET_URL`).
 */
function secretBeforeQualifier(words: readonly string[]): boolean {
  for (let index = words.length - 2; index >= 0; index--) {
    const word = words[index]!;
    const before = index > 0 ? words[index - 1] : undefined;
    const isSecret =
      (word === "key" && before !== undefined && (before === "api" || before === "secret" || before === "private" || before === "access" || before === "signing" || before === "encryption")) ||
      (SECRET_NOUNS.has(word) && word !== "pass" && word !== "seed");
    if (!isSecret) continue;
    const after = words.slice(index + 1);
    return after.every((rest) => !METADATA_SUFFIXES.has(rest) && !ATTRIBUTE_WORDS.has(rest) && !NON_SECRET_PREFIXES.has(rest));
  }
  return false;
}
