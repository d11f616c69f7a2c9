import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { normaliseGlob, rebaseGlob } from "./globs.js";
import { isSourceText, readSourceFiles } from "./read-files.js";
import { listSourceFiles, walkTree, type TreeWalk } from "./tree-walk.js";
import { findKeyValueKeys } from "./key-value-keys.js";
import { mayDeclareDrizzleTables, parseDrizzleTables } from "./drizzle-schema.js";
import { discoverPrismaSchemas } from "./prisma-discovery.js";
import { CONFIG_FILE_NAME, ConfigError, readConfigFile, settingsModelName, validateConfig, type GuardrailsConfig, type SettingsModelConfig } from "./config.js";
import { PrismaSchemaError, type PrismaModel } from "./prisma-schema.js";
import { parsePrismaSchemaCached } from "./prisma-schema-cache.js";
import { looksLikeSecretName, toEnvVarName } from "./secret-name.js";
import { discoverSettingsModels, storeShape, type StoreShape } from "./settings-stores.js";

/** One runtime secret: a settings field and the environment variable(s) that are its system of record. */
export interface SecretEntry {
  readonly field: string;
  readonly envVars: readonly string[];
  /** Database column name (differs from `field` under `@map`; a path into a Json column keeps its `field`). */
  readonly column: string;
  /**
   * A secret inside a Json column (`data.smtpPassword`): the column's field name (`data`). The path
   * inside it is the rest of `field`.
   */
  readonly jsonColumn?: string;
}

export interface SettingsModel {
  readonly name: string;
  /** Prisma client delegate: `SystemSettings` -> `systemSettings`. */
  readonly delegate: string;
  /** Database table name (`@@map`) as raw SQL names it. */
  readonly table: string;
  /** The parsed model, when a `schema.prisma` defines it. */
  readonly schema?: PrismaModel;
  /** One column per setting (`row`), or one row per setting named by a key column (`key-value`). */
  readonly kind: "row" | "key-value";
  /** Key-value stores: the column that names the setting, and the one that holds its value. */
  readonly keyColumn?: string;
  readonly valueColumn?: string;
  /** Where the key-value columns come from: the config (`settingsModels` object) or the schema's shape. */
  readonly columnsFrom?: "config" | "schema";
  /** Declared by Drizzle (`name` is then the table's variable, `table` its SQL name); Prisma otherwise. */
  readonly orm: "prisma" | "drizzle";
}

/** A secret-looking field of a settings model that an explicit registry does not cover. */
export interface UnregisteredField {
  readonly model: string;
  readonly field: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export interface AdminMatchers {
  readonly procedurePattern: RegExp;
  readonly pathSegmentPattern: RegExp;
  readonly uiGlobs: readonly string[];
  /** Guards, role/permission decorator arguments and middleware that make a framework endpoint admin. */
  readonly guardPattern: RegExp;
}

/** Config accessors beyond `process.env` (`configSources`; each list adds to the built-in names). */
export interface ConfigSources {
  readonly envFunctions: readonly string[];
  readonly envServices: readonly string[];
  readonly dbLoaders: readonly string[];
  readonly dbNamespaces: readonly string[];
}

export interface SecretRegistry {
  /** `config` when `secrets` came from `guardrails.config.json`, `discovered` when from `schema.prisma`. */
  readonly source: "config" | "discovered";
  readonly settingsModels: readonly SettingsModel[];
  readonly secrets: readonly SecretEntry[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly admin: AdminMatchers;
  readonly envObjects: readonly string[];
  readonly configSources: ConfigSources;
  readonly unregisteredFields: readonly UnregisteredField[];
  /** The registered secret with this settings field name (or column name, or path into a Json column). */
  secret(key: string): SecretEntry | undefined;
  /** The secrets inside a Json column or a path into it (`data`, `data.smtp`): their paths start with `path.`. */
  secretsUnder(path: string): readonly SecretEntry[];
  /** The registered secret whose system of record is this environment variable. */
  secretForEnvVar(name: string): SecretEntry | undefined;
  /** Is `name` the Prisma client delegate of a settings model (`systemSettings`)? */
  isSettingsDelegate(name: string): boolean;
  /** The settings model stored in this table (`SystemSettings`, or its `@@map` name). */
  settingsModelForTable(table: string): SettingsModel | undefined;
  /** The registry as plain config data: what the CLI hands the ESLint plugin. */
  toConfig(): GuardrailsConfig;
}

export const DEFAULT_SETTINGS_MODELS = ["SystemSettings"] as const;
export const DEFAULT_INCLUDE = ["**/*.{ts,tsx,mts,cts}"] as const;
export const DEFAULT_EXCLUDE = [
  "**/node_modules/**",
  "**/dist/**",
  "**/build/**",
  "**/.next/**",
  "**/coverage/**",
  "**/*.d.ts",
] as const;
export const DEFAULT_ADMIN_UI_GLOBS = ["**/admin/**/*.tsx", "**/(admin)/**/*.tsx"] as const;
export const DEFAULT_GUARD_PATTERN = "admin|superuser";
export const DEFAULT_ENV_OBJECTS = ["env"] as const;

/** `SystemSettings` -> `systemSettings`. */
function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

/**
 * Builds the registry from config data and the parsed Prisma models. Without `config.secrets`, the
 * secrets are discovered: string-like fields of the settings models whose names look like secrets,
 * each backed by the SCREAMING_SNAKE_CASE env var of its name.
 */
export function createRegistry(
  config: GuardrailsConfig = {},
  models: readonly PrismaModel[] = [],
  /** Secret-looking keys of key-value stores found in the code (see `findKeyValueKeys`), by model name. */
  keyValueKeys: ReadonlyMap<string, readonly string[]> = new Map(),
): SecretRegistry {
  const settingsModels = settingsModelsOf(config, models);
  const fieldColumn = (field: string): string => {
    for (const model of settingsModels) {
      const column = model.schema?.fields.find((f) => f.name === field)?.column;
      if (column) return column;
    }
    return field;
  };

  let secrets: SecretEntry[];
  const unregisteredFields: UnregisteredField[] = [];
  if (config.secrets) {
    secrets = Object.entries(config.secrets).map(([field, entry]) => {
      const envVars = typeof entry.env === "string" ? [entry.env] : [...entry.env];
      // `data.smtpPassword`: the property `smtpPassword` of the Json column `data`.
      const dot = field.indexOf(".");
      if (dot > 0) return { field, envVars, column: field, jsonColumn: field.slice(0, dot) };
      return { field, envVars, column: entry.column ?? fieldColumn(field) };
    });
    // A Json column with registered paths is covered (what else it holds, the schema does not say).
    const registered = new Set(secrets.map((secret) => secret.jsonColumn ?? secret.field));
    for (const model of settingsModels) {
      if (model.kind === "key-value") continue;
      for (const field of model.schema?.fields ?? []) {
        if (!registered.has(field.name) && isSecretCandidate(field.name, field.type)) {
          unregisteredFields.push({
            model: model.name,
            field: field.name,
            file: model.schema!.file,
            line: field.line,
            column: field.column1,
            endColumn: field.endColumn,
          });
        }
      }
    }
  } else {
    const seen = new Set<string>();
    secrets = [];
    for (const model of settingsModels) {
      if (model.kind === "key-value") {
        // The keys a schema enum allows that look like secrets (the code's own keys are found where it names them).
        const key = model.schema?.fields.find((field) => field.name === model.keyColumn);
        for (const value of [...(key?.enumValues ?? []), ...(keyValueKeys.get(model.name) ?? [])]) {
          if (seen.has(value) || !looksLikeSecretName(value)) continue;
          seen.add(value);
          // A key-value secret has no column of its own (every key shares the value column).
          secrets.push({ field: value, envVars: [envVarOfKey(value)], column: value });
        }
        continue;
      }
      for (const field of model.schema?.fields ?? []) {
        if (seen.has(field.name) || !isSecretCandidate(field.name, field.type)) continue;
        seen.add(field.name);
        secrets.push({ field: field.name, envVars: [toEnvVarName(field.name)], column: field.column });
      }
    }
  }

  const byKey = new Map<string, SecretEntry>();
  const byPathPrefix = new Map<string, SecretEntry[]>();
  for (const secret of secrets) {
    byKey.set(secret.field, secret);
    if (!byKey.has(secret.column)) byKey.set(secret.column, secret);
    if (!secret.jsonColumn) continue;
    const segments = secret.field.split(".");
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join(".");
      byPathPrefix.set(prefix, [...(byPathPrefix.get(prefix) ?? []), secret]);
    }
  }
  const byEnv = new Map<string, SecretEntry>();
  for (const secret of secrets) for (const env of secret.envVars) if (!byEnv.has(env)) byEnv.set(env, secret);
  const delegates = new Set(settingsModels.map((model) => model.delegate));
  const byTable = new Map<string, SettingsModel>();
  for (const model of settingsModels) {
    byTable.set(model.table.toLowerCase(), model);
    byTable.set(model.name.toLowerCase(), model);
  }

  const admin: AdminMatchers = {
    procedurePattern: new RegExp(config.admin?.procedurePattern ?? "admin", "i"),
    pathSegmentPattern: new RegExp(config.admin?.pathSegmentPattern ?? "^admin$", "i"),
    uiGlobs: normaliseGlobs(config.admin?.uiGlobs ?? DEFAULT_ADMIN_UI_GLOBS),
    guardPattern: new RegExp(config.admin?.guardPattern ?? DEFAULT_GUARD_PATTERN, "i"),
  };
  const configSources: ConfigSources = {
    envFunctions: [...(config.configSources?.envFunctions ?? [])],
    envServices: [...(config.configSources?.envServices ?? [])],
    dbLoaders: [...(config.configSources?.dbLoaders ?? [])],
    dbNamespaces: [...(config.configSources?.dbNamespaces ?? [])],
  };
  const include = normaliseGlobs(config.include ?? DEFAULT_INCLUDE);
  const exclude = normaliseGlobs(config.exclude ?? DEFAULT_EXCLUDE);
  const envObjects = config.envObjects ?? DEFAULT_ENV_OBJECTS;

  return {
    source: config.secrets ? "config" : "discovered",
    settingsModels,
    secrets,
    include,
    exclude,
    admin,
    envObjects,
    configSources,
    unregisteredFields,
    secret: (key) => byKey.get(key),
    secretsUnder: (path) => byPathPrefix.get(path) ?? [],
    secretForEnvVar: (name) => byEnv.get(name),
    isSettingsDelegate: (name) => delegates.has(name),
    settingsModelForTable: (table) => byTable.get(table.replace(/^"|"$/g, "").toLowerCase()),
    toConfig: () => ({
      // A key-value store's columns spelled out: the registry rebuilt from this config has the same stores.
      settingsModels: settingsModels.map((model) =>
        model.kind === "key-value" && model.keyColumn && model.valueColumn ? { model: model.name, keyColumn: model.keyColumn, valueColumn: model.valueColumn } : model.name,
      ),
      secrets: Object.fromEntries(secrets.map((s) => [s.field, s.jsonColumn ? { env: [...s.envVars] } : { env: [...s.envVars], column: s.column }])),
      include: [...include],
      exclude: [...exclude],
      admin: {
        procedurePattern: admin.procedurePattern.source,
        pathSegmentPattern: admin.pathSegmentPattern.source,
        uiGlobs: [...admin.uiGlobs],
        guardPattern: admin.guardPattern.source,
      },
      envObjects: [...envObjects],
      configSources: {
        envFunctions: [...configSources.envFunctions],
        envServices: [...configSources.envServices],
        dbLoaders: [...configSources.dbLoaders],
        dbNamespaces: [...configSources.dbNamespaces],
      },
    }),
  };
}

/**
 * The settings models of a config: each named one (with the columns its object form gives, which win
 * over the shape), or, with no `settingsModels` and no `SystemSettings`, the ones discovered by shape.
 */
function settingsModelsOf(config: GuardrailsConfig, models: readonly PrismaModel[]): SettingsModel[] {
  const modelsByName = new Map(models.map((model) => [model.name, model]));
  let entries: readonly (string | SettingsModelConfig)[] = config.settingsModels ?? DEFAULT_SETTINGS_MODELS;
  if (!config.settingsModels && models.length > 0 && !entries.some((entry) => modelsByName.has(settingsModelName(entry)))) {
    // A repo without config: the app-wide models whose shape says settings (see settings-stores.ts).
    const discovered = discoverSettingsModels(models, (field) => isSecretCandidate(field.name, field.type));
    if (discovered.length > 0) entries = discovered;
  }
  return entries.map((entry) => {
    const name = settingsModelName(entry);
    const schema = modelsByName.get(name);
    const orm = schema?.orm ?? "prisma";
    const configured = typeof entry === "string" ? undefined : entry;
    // A configured column may be the `@map` name: the code names the field.
    const fieldOf = (column: string) => schema?.fields.find((field) => field.name === column)?.name ?? schema?.fields.find((field) => field.column === column)?.name ?? column;
    const shape: StoreShape =
      configured?.keyColumn && configured.valueColumn
        ? { kind: "key-value", keyColumn: fieldOf(configured.keyColumn), valueColumn: fieldOf(configured.valueColumn) }
        : storeShape(schema);
    const columnsFrom = shape.kind === "key-value" ? { columnsFrom: configured?.keyColumn ? ("config" as const) : ("schema" as const) } : {};
    return { name, delegate: orm === "drizzle" ? name : delegateName(name), table: schema?.table ?? name, ...(schema ? { schema } : {}), ...shape, ...columnsFrom, orm };
  });
}

/** Globs as the listing matches them (see `normaliseGlob`; `validateConfig` refused any that leave the root). */
function normaliseGlobs(globs: readonly string[]): string[] {
  return globs.map((glob) => normaliseGlob(glob) ?? glob);
}

/** The env var of a key-value setting: the key itself when it is already SCREAMING_SNAKE_CASE. */
export function envVarOfKey(key: string): string {
  return /^[A-Z][A-Z0-9_]*$/.test(key) ? key : toEnvVarName(key);
}

/** A settings field that should be a registered secret: a secret-looking name on a string-like column. */
function isSecretCandidate(name: string, type: string): boolean {
  return (type === "String" || type === "Bytes" || type === "Json") && looksLikeSecretName(name);
}

export interface LoadRegistryOptions {
  /** The scanned root. */
  readonly root: string;
  /** An explicit config file (`--config`); it must exist. Default: `<root>/guardrails.config.json` if present. */
  readonly configFile?: string;
  /**
   * Without `configFile`, also look for `guardrails.config.json` in the directories above the root
   * (the nearest wins, as the ESLint plugin finds it). Its globs are read relative to its directory.
   */
  readonly searchParents?: boolean;
  /** Is a root-relative file tracked by git (listed whatever a `.gitignore` says)? See `TreeWalk.isTracked`. */
  readonly isTracked?: (file: string) => boolean;
}

export interface LoadedRegistry {
  readonly registry: SecretRegistry;
  /** The validated config as read (empty when there is no config file), globs relative to the root. */
  readonly config: GuardrailsConfig;
  /** The parsed Prisma models: with `config`, all `createRegistry` needs to rebuild the registry elsewhere. */
  readonly models: readonly PrismaModel[];
  readonly configFile?: string;
  /** Where the config file came from: `--config`, the root, or a directory above it. */
  readonly configLocation?: "given" | "root" | "above";
  /** Prisma schema files found, relative POSIX paths. */
  readonly schemaFiles: readonly string[];
  /** Schemas that could not be read or parsed, references that cannot be followed (reported as `analysis-error`, never skipped silently). */
  readonly schemaErrors: readonly PrismaSchemaError[];
  /** The walk of the root (pruned by the config's `exclude`): the run's other listings reuse it. */
  readonly tree: TreeWalk;
  /** Keys of key-value stores found in the code (no config lists them): `createRegistry`'s third argument. */
  readonly keyValueKeys?: ReadonlyMap<string, readonly string[]>;
}

/** The texts of source files, one at a time; unreadable or huge files are skipped (the run reports them). */
function* readTexts(root: string, files: readonly string[]): Generator<{ file: string; text: string }> {
  for (const file of files) {
    try {
      const path = join(root, file);
      const stats = statSync(path);
      if (!stats.isFile() || stats.size > 4 * 1024 * 1024) continue;
      yield { file, text: readFileSync(path, "utf8") };
    } catch {
      // Reported when the run reads it.
    }
  }
}

/** Does a package manifest of the root depend on drizzle-orm? (Read like a source file: a FIFO or a device is no manifest.) */
export function usesDrizzle(root: string, tree: TreeWalk): boolean {
  const manifests = ["package.json", ...tree.files.filter((file) => file.endsWith("/package.json"))];
  return manifests.some((manifest) => {
    const [read] = readSourceFiles(root, [manifest]);
    return isSourceText(read!) && read.text.includes('"drizzle-orm"');
  });
}

/** Loads the config (if any) and the Prisma schemas of a root into a registry. Throws {@link ConfigError}. */
export function loadRegistry(options: LoadRegistryOptions): LoadedRegistry {
  const root = resolve(options.root);
  let configFile: string | undefined;
  let configLocation: LoadedRegistry["configLocation"];
  if (options.configFile) {
    configFile = resolve(options.configFile);
    configLocation = "given";
    if (!existsSync(configFile)) throw new ConfigError(options.configFile, "", "does not exist");
  } else {
    const directory = existsSync(join(root, CONFIG_FILE_NAME)) ? root : options.searchParents ? findConfigRoot(root) : undefined;
    if (directory) {
      configFile = join(directory, CONFIG_FILE_NAME);
      configLocation = directory === root ? "root" : "above";
    }
  }
  let config = configFile ? readConfigFile(configFile) : validateConfig({});
  if (configFile && configLocation === "above") config = rebaseConfig(config, toPosixRelative(dirname(configFile), root));

  const exclude = normaliseGlobs(config.exclude ?? DEFAULT_EXCLUDE);
  const tree = walkTree(root, exclude, options.isTracked ? { isTracked: options.isTracked } : {});
  const discovered = discoverPrismaSchemas(tree);
  const models: PrismaModel[] = [];
  const schemaErrors: PrismaSchemaError[] = [...discovered.errors];
  for (const file of discovered.files) {
    try {
      const stats = statSync(join(root, file));
      // Never read a FIFO or a device named like a schema (it would block or never end).
      if (!stats.isFile()) throw Object.assign(new Error("not a regular file"), { code: "not a regular file" });
      models.push(...parsePrismaSchemaCached(readFileSync(join(root, file), "utf8"), file));
    } catch (error) {
      schemaErrors.push(
        error instanceof PrismaSchemaError
          ? error
          : new PrismaSchemaError(file, 1, 1, (error as NodeJS.ErrnoException).code ?? (error as Error).message),
      );
    }
  }
  // Drizzle tables are declared in code: read the sources when the project depends on drizzle-orm.
  let texts: { file: string; text: string }[] | undefined;
  const sources = () => (texts ??= [...readTexts(root, listSourceFiles(root, createRegistry(config, models), tree))]);
  if (usesDrizzle(root, tree)) {
    for (const { file, text } of sources()) if (mayDeclareDrizzleTables(text)) models.push(...parseDrizzleTables(text, file));
  }
  let registry = createRegistry(config, models);
  // Key-value stores without configured secrets: their keys are found in the code.
  const keyValueStores = config.secrets ? [] : registry.settingsModels.filter((model) => model.kind === "key-value" && model.keyColumn);
  let keyValueKeys: ReadonlyMap<string, readonly string[]> | undefined;
  if (keyValueStores.length > 0) {
    keyValueKeys = findKeyValueKeys(
      keyValueStores.map((model) => ({ name: model.name, delegate: model.delegate, keyColumn: model.keyColumn! })),
      sources().map((source) => source.text),
    );
    registry = createRegistry(config, models, keyValueKeys);
  }
  return {
    registry,
    ...(keyValueKeys ? { keyValueKeys } : {}),
    config,
    models,
    ...(configFile ? { configFile, configLocation } : {}),
    schemaFiles: discovered.files,
    schemaErrors,
    tree,
  };
}

/** A config found above the root, its globs rewritten relative to the root (see `rebaseGlob`). */
function rebaseConfig(config: GuardrailsConfig, prefix: string): GuardrailsConfig {
  const rebase = (globs: readonly string[] | undefined, fallback: readonly string[]) =>
    normaliseGlobs(globs ?? fallback).flatMap((glob) => rebaseGlob(glob, prefix));
  return {
    ...config,
    include: rebase(config.include, DEFAULT_INCLUDE),
    exclude: rebase(config.exclude, DEFAULT_EXCLUDE),
    ...(config.admin?.uiGlobs ? { admin: { ...config.admin, uiGlobs: rebase(config.admin.uiGlobs, []) } } : {}),
  };
}

/** Prisma schema files of a root, found where Prisma finds them (see `discoverPrismaSchemas`), relative POSIX paths. */
export function findPrismaSchemas(root: string, exclude: readonly string[] = DEFAULT_EXCLUDE, walk?: TreeWalk): string[] {
  const tree = walk && walk.root === root ? walk : walkTree(root, exclude);
  return [...discoverPrismaSchemas(tree).files];
}

/** The nearest directory at or above `start` holding a `guardrails.config.json`, if any. */
export function findConfigRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE_NAME))) return dir;
    const parent = resolve(dir, "..");
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Files that mark the root of a monorepo (a package.json with `"workspaces"` too). */
const WORKSPACE_MARKERS = ["pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json", "rush.json"];

/**
 * The root of the repository `start` is in: the nearest directory at or above it that declares a
 * workspace (`pnpm-workspace.yaml`, a package.json with `"workspaces"`, lerna/nx/turbo/rush), else the
 * nearest one holding `.git`; undefined when there is neither. Where the editor looks for the Prisma
 * schemas when ESLint runs in one package of a monorepo (its schema lives in another package).
 */
export function findWorkspaceRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (WORKSPACE_MARKERS.some((marker) => existsSync(join(dir, marker))) || declaresWorkspaces(join(dir, "package.json"))) return dir;
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = resolve(dir, "..");
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function declaresWorkspaces(manifest: string): boolean {
  try {
    const read = readSourceFiles(dirname(manifest), [basename(manifest)])[0];
    return read !== undefined && isSourceText(read) && /"workspaces"\s*:/.test(read.text);
  } catch {
    return false;
  }
}

/** POSIX path of `file` relative to `root`. */
export function toPosixRelative(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}
