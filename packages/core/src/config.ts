import { readFileSync, statSync } from "node:fs";
import {
  ADMIN_CONFIG_KEYS,
  CONFIG_KEYS,
  CONFIG_SOURCES_KEYS,
  ENV_VAR_PATTERN,
  IDENTIFIER_PATTERN,
  SECRET_CONFIG_KEYS,
  SECRET_NAME_PATTERN,
  SETTINGS_MODEL_CONFIG_KEYS,
} from "./config-schema.js";
import { normaliseGlob } from "./globs.js";
import { describeJsonSyntaxError } from "./json-error.js";

/**
 * `guardrails.config.json`: data only, never code. Every key is optional; unknown keys and wrong
 * types are a {@link ConfigError} naming the key path.
 */
export interface GuardrailsConfig {
  /**
   * The models (Prisma) or tables (Drizzle: the variable) whose rows hold runtime settings. Default
   * `["SystemSettings"]`. A name takes the store's shape from its schema; an object says it (see
   * {@link SettingsModelConfig}).
   */
  readonly settingsModels?: readonly (string | SettingsModelConfig)[];
  /**
   * Settings field name (a key, in a key-value store; `column.property` for a property inside a Json
   * column) -> the environment variable(s) that are its system of record.
   */
  readonly secrets?: Readonly<Record<string, SecretConfig>>;
  /** Globs (relative to the root) of the files to analyse. */
  readonly include?: readonly string[];
  /** Globs excluded from analysis (added to `.gitignore`d paths). */
  readonly exclude?: readonly string[];
  /** How admin endpoints and the admin UI are recognised. */
  readonly admin?: AdminConfig;
  /** Identifiers of imported, validated env objects (t3-env's `env`), read like `process.env`. */
  readonly envObjects?: readonly string[];
  /** How runtime configuration reaches the code besides `process.env` (see {@link ConfigSourcesConfig}). */
  readonly configSources?: ConfigSourcesConfig;
}

/** Framework accessors of runtime configuration; every list adds to the names recognised without configuration. */
export interface ConfigSourcesConfig {
  /** Functions that read one environment variable by name: `env("X")`. */
  readonly envFunctions?: readonly string[];
  /** Receivers whose `get("X")` / `getOrThrow("X")` reads environment variable X (NestJS `configService`). */
  readonly envServices?: readonly string[];
  /** Functions whose result is configuration read from the settings store (a NestJS `ConfigModule` loader). */
  readonly dbLoaders?: readonly string[];
  /** Namespaces of `configService.get("NS.KEY")` whose keys are settings-store keys (`INFRA`). */
  readonly dbNamespaces?: readonly string[];
}

/**
 * A settings model named with its shape: `{ "model": "InfraConfig", "keyColumn": "name", "valueColumn": "value" }`
 * is a key-value store (one row per setting, the setting named by the key column) whatever its schema
 * says (no `@unique` on the key, names the shape does not know). The columns are field names (or `@map` column names).
 */
export interface SettingsModelConfig {
  readonly model: string;
  readonly keyColumn?: string;
  readonly valueColumn?: string;
}

export interface SecretConfig {
  readonly env: string | readonly string[];
  /** The database column, when `@map` renames it (discovered from `schema.prisma` when omitted). */
  readonly column?: string;
}

export interface AdminConfig {
  /** Regular expression (source, case-insensitive) for tRPC procedure builders. Default `admin`. */
  readonly procedurePattern?: string;
  /** Regular expression (source, case-insensitive) for an admin path segment of a route. Default `^admin$`. */
  readonly pathSegmentPattern?: string;
  /** Globs of the admin settings UI that must name each secret's env var. */
  readonly uiGlobs?: readonly string[];
  /** Regular expression (source, case-insensitive) for admin guards, roles, permissions and middleware. Default `admin|superuser`. */
  readonly guardPattern?: string;
}

export const CONFIG_FILE_NAME = "guardrails.config.json";

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    problem: string,
  ) {
    super(`${file}: ${keyPath ? `"${keyPath}" ` : ""}${problem}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates a config file. Throws {@link ConfigError} on any problem. */
export function readConfigFile(file: string): GuardrailsConfig {
  let text: string;
  try {
    // Reading a FIFO or a device (a symlink to /dev/zero in the scanned tree) would block or never end.
    const stats = statSync(file);
    if (stats.isDirectory()) throw new ConfigError(file, "", "is a directory");
    if (!stats.isFile()) throw new ConfigError(file, "", "is not a regular file");
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, "", `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let raw: unknown;
  const json = text.replace(/^\uFEFF/, "");
  try {
    raw = JSON.parse(json);
  } catch {
    // Not the engine's message: it quotes the text around the error (a value, if this is a .env file).
    throw new ConfigError(file, "", `is not valid JSON (${describeJsonSyntaxError(json)})`);
  }
  return validateConfig(raw, file);
}

// The keys and name patterns of the JSON schema, so that the two never disagree.
const TOP_LEVEL_KEYS = CONFIG_KEYS;
const ADMIN_KEYS = ADMIN_CONFIG_KEYS;
const SECRET_KEYS = SECRET_CONFIG_KEYS;
const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);
const SECRET_NAME = new RegExp(SECRET_NAME_PATTERN);
const ENV_VAR = new RegExp(ENV_VAR_PATTERN);

export function validateConfig(raw: unknown, file = CONFIG_FILE_NAME): GuardrailsConfig {
  const fail = (keyPath: string, problem: string): never => {
    throw new ConfigError(file, keyPath, problem);
  };
  if (!isPlainObject(raw)) fail("", "must contain a JSON object");
  const config = raw as Record<string, unknown>;
  checkKeys(config, TOP_LEVEL_KEYS, "", fail);

  if (config.$schema !== undefined && typeof config.$schema !== "string") fail("$schema", "must be a string");
  checkSettingsModels(config.settingsModels, fail);
  checkGlobs(config.include, "include", fail);
  checkGlobs(config.exclude, "exclude", fail);
  checkStringArray(config.envObjects, "envObjects", fail, IDENTIFIER);

  if (config.secrets !== undefined) {
    if (!isPlainObject(config.secrets)) fail("secrets", "must be an object of field name -> { env }");
    for (const [field, entry] of Object.entries(config.secrets as Record<string, unknown>)) {
      const at = `secrets.${field}`;
      if (!SECRET_NAME.test(field)) fail(at, "must be a settings field name (an identifier), or a path column.property into a Json column");
      if (!isPlainObject(entry)) fail(at, 'must be an object like { "env": "SMTP_PASSWORD" }');
      const secret = entry as Record<string, unknown>;
      checkKeys(secret, SECRET_KEYS, at, fail);
      const env = secret.env;
      if (typeof env === "string") {
        if (!ENV_VAR.test(env)) fail(`${at}.env`, "must be an environment variable name");
      } else if (Array.isArray(env)) {
        if (env.length === 0) fail(`${at}.env`, "must name at least one environment variable");
        checkStringArray(env, `${at}.env`, fail, ENV_VAR);
      } else {
        fail(`${at}.env`, "is required and must be a string or an array of strings");
      }
      if (secret.column !== undefined && typeof secret.column !== "string") fail(`${at}.column`, "must be a string");
      if (secret.column !== undefined && field.includes(".")) fail(`${at}.column`, "is not allowed on a path into a Json column (its first segment names the column)");
    }
  }

  if (config.admin !== undefined) {
    if (!isPlainObject(config.admin)) fail("admin", "must be an object");
    const admin = config.admin as Record<string, unknown>;
    checkKeys(admin, ADMIN_KEYS, "admin", fail);
    for (const key of ["procedurePattern", "pathSegmentPattern", "guardPattern"] as const) {
      const value = admin[key];
      if (value === undefined) continue;
      if (typeof value !== "string") fail(`admin.${key}`, "must be a string (a regular expression)");
      try {
        new RegExp(value as string, "i");
      } catch (error) {
        // V8 quotes the pattern ("Invalid regular expression: /(x/i: Unterminated group"): keep the reason only.
        const reason = /: ([^:]*)$/.exec((error as Error).message)?.[1] ?? "syntax error";
        fail(`admin.${key}`, `is not a valid regular expression (${reason})`);
      }
    }
    checkGlobs(admin.uiGlobs, "admin.uiGlobs", fail);
  }

  if (config.configSources !== undefined) {
    if (!isPlainObject(config.configSources)) fail("configSources", "must be an object");
    const sources = config.configSources as Record<string, unknown>;
    checkKeys(sources, CONFIG_SOURCES_KEYS, "configSources", fail);
    for (const key of CONFIG_SOURCES_KEYS) checkStringArray(sources[key], `configSources.${key}`, fail, IDENTIFIER);
  }
  return config as GuardrailsConfig;
}

/** `settingsModels`: names, or `{ model, keyColumn, valueColumn }` (both columns or neither), each model once. */
function checkSettingsModels(value: unknown, fail: (keyPath: string, problem: string) => never): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail("settingsModels", 'must be an array of model names or { "model", "keyColumn", "valueColumn" } objects');
  const entries = value as unknown[];
  if (entries.length === 0) fail("settingsModels", "must name at least one model");
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `settingsModels[${index}]`;
    let model: unknown = entry;
    if (isPlainObject(entry)) {
      checkKeys(entry, SETTINGS_MODEL_CONFIG_KEYS, at, fail);
      model = entry.model;
      if (model === undefined) fail(`${at}.model`, "is required (the model name, or the Drizzle table's variable)");
      for (const key of ["model", "keyColumn", "valueColumn"] as const) {
        const name = entry[key];
        if (name !== undefined && (typeof name !== "string" || !IDENTIFIER.test(name))) fail(`${at}.${key}`, "must be an identifier");
      }
      if ((entry.keyColumn === undefined) !== (entry.valueColumn === undefined)) {
        fail(`${at}.${entry.keyColumn === undefined ? "keyColumn" : "valueColumn"}`, "is required with the other column: a key-value store names both its key column and its value column");
      }
      if (entry.keyColumn !== undefined && entry.keyColumn === entry.valueColumn) fail(`${at}.valueColumn`, "must differ from keyColumn");
    } else if (typeof entry !== "string" || entry.length === 0) {
      fail(at, 'must be a model name or an object like { "model": "InfraConfig", "keyColumn": "name", "valueColumn": "value" }');
    } else if (!IDENTIFIER.test(entry)) {
      fail(at, "must be an identifier");
    }
    if (seen.has(model as string)) fail(at, "names a model already listed");
    seen.add(model as string);
  });
}

/** The name of a `settingsModels` entry. */
export function settingsModelName(entry: string | SettingsModelConfig): string {
  return typeof entry === "string" ? entry : entry.model;
}

/** Globs are relative to the root: one that leaves it or is absolute would silently match nothing. */
function checkGlobs(value: unknown, at: string, fail: (keyPath: string, problem: string) => never): void {
  checkStringArray(value, at, fail);
  (value as string[] | undefined)?.forEach((glob, index) => {
    if (normaliseGlob(glob) === undefined) {
      fail(`${at}[${index}]`, "must be a glob relative to the root (no leading /, drive or ~, no .. segment)");
    }
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  at: string,
  fail: (keyPath: string, problem: string) => never,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      fail(at ? `${at}.${key}` : key, `is not a known key (expected one of: ${allowed.join(", ")})`);
    }
  }
}

function checkStringArray(
  value: unknown,
  at: string,
  fail: (keyPath: string, problem: string) => never,
  pattern?: RegExp,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(at, "must be an array of strings");
  (value as unknown[]).forEach((item, index) => {
    if (typeof item !== "string" || item.length === 0) fail(`${at}[${index}]`, "must be a non-empty string");
    // Never echo the value: a secret pasted where its env var name belongs would be printed.
    if (pattern && !pattern.test(item as string)) {
      fail(`${at}[${index}]`, pattern === ENV_VAR ? "must be an environment variable name" : "must be an identifier");
    }
  });
}
