/**
 * Before a run: can the registry guard anything? A registry with no secret, a registered secret that
 * no settings model has (a typo such as `smtpPasword` guards nothing) and a settings model that no
 * schema defines are not a pass: the CLI exits 2 with what was looked for, what was found and how
 * to fix it. Each kind of settings store checks its own part of the registry against the schemas
 * it knows ({@link SettingsStoreValidator}); Prisma models are the first kind, key-value tables and
 * Drizzle tables plug in next to them.
 */
import { closestMatch } from "./closest-match.js";
import { ConfigError } from "./config.js";
import type { LoadedRegistry } from "./registry.js";

/** The registry cannot guard anything: exit 2 with this message. */
export class RegistryError extends Error {
  override name = "RegistryError";
}

/** Something the registry names that its settings store does not have. */
export interface RegistryProblem {
  /** The config key it comes from (`secrets.smtpPasword`, `settingsModels[0]`). */
  readonly keyPath: string;
  /** What is wrong and how to fix it (names only, never values). */
  readonly problem: string;
}

/** One kind of settings store: checks the registry's names against the schemas it knows. */
export interface SettingsStoreValidator {
  /** What kind of store it checks ("Prisma model"). */
  readonly kind: string;
  validate(loaded: LoadedRegistry): readonly RegistryProblem[];
}

/** Prisma models: each configured settings model is a model of the schemas found, each registered secret a field of one. */
const prismaModelStore: SettingsStoreValidator = {
  kind: "Prisma model",
  validate({ registry, config, models, schemaFiles, schemaErrors }) {
    // Nothing to compare with: no schema known, or one that did not parse may hold the model (it is reported).
    if (models.length === 0) return [];
    const problems: RegistryProblem[] = [];
    const modelNames = models.map((model) => model.name);
    const schemas = listed(schemaFiles);
    if (config.settingsModels && schemaErrors.length === 0) {
      registry.settingsModels.forEach((model, index) => {
        if (model.schema) return;
        problems.push({
          keyPath: `settingsModels[${index}]`,
          problem: `is not a model of the Prisma schemas found (${schemas})${nameSuggestion(model.name, modelNames)}`,
        });
      });
    }
    // A schema that did not parse may hold the field (it is reported as an analysis-error).
    if (registry.source !== "config" || schemaErrors.length > 0) return problems;
    const known = registry.settingsModels.filter((model) => model.schema);
    if (known.length === 0) {
      if (!config.settingsModels && schemaErrors.length === 0) {
        problems.push({
          keyPath: "settingsModels",
          problem: `is not set and the Prisma schemas found (${schemas}) have no model SystemSettings nor one named *Settings or *Config: name the models that hold runtime settings${nameSuggestion("SystemSettings", modelNames).replace("; did you mean", " (did you mean").replace(/\?$/, ")")}`,
        });
      }
      return problems;
    }
    const settingsNames = known.map((model) => model.name).join(", ");
    const fields = known.filter((model) => model.kind !== "key-value").flatMap((model) => model.schema!.fields);
    // A key-value store's keys are values in the code: only a key column typed by a schema enum says which exist.
    const keyValueStores = known.filter((model) => model.kind === "key-value");
    const enumKeys = keyValueStores.flatMap((model) => model.schema!.fields.find((field) => field.name === model.keyColumn)?.enumValues ?? []);
    const openKeys = keyValueStores.some((model) => !model.schema!.fields.find((field) => field.name === model.keyColumn)?.enumValues);
    for (const secret of registry.secrets) {
      // A path into a Json column: `jsonColumnPaths` checks it.
      if (secret.jsonColumn || fields.some((field) => field.name === secret.field)) continue;
      if (openKeys || enumKeys.includes(secret.field)) continue;
      const elsewhere = models.find((model) => !known.some((k) => k.name === model.name) && model.fields.some((field) => field.name === secret.field));
      const byColumn = fields.find((field) => field.column === secret.field);
      let problem: string;
      if (elsewhere) {
        problem = `is a field of ${elsewhere.name}, which is not a settings model (${settingsNames}): add "${elsewhere.name}" to "settingsModels", or register a field of ${settingsNames}`;
      } else {
        const suggestion = byColumn ? ` (its column is ${byColumn.column}); did you mean "${byColumn.name}"?` : nameSuggestion(secret.field, fields.map((field) => field.name));
        problem = `is not a field of the settings model${known.length > 1 ? "s" : ""} ${settingsNames} (${schemas}), so it guards nothing${suggestion || ": register the settings field that holds the secret"}`;
      }
      problems.push({ keyPath: `secrets.${secret.field}`, problem });
    }
    return problems;
  },
};

/**
 * Key-value stores named with their columns (`{ "model", "keyColumn", "valueColumn" }`): each column is
 * a scalar field (or `@map` column) of the model's schema. The config wins over the schema's shape,
 * but a column the schema does not have would guard nothing.
 */
const keyValueColumns: SettingsStoreValidator = {
  kind: "key-value store",
  validate({ registry, config, models }) {
    const problems: RegistryProblem[] = [];
    (config.settingsModels ?? []).forEach((entry, index) => {
      if (typeof entry === "string" || entry.keyColumn === undefined || entry.valueColumn === undefined) return;
      // A model no schema defines is `prismaModelStore`'s to report.
      const schema = registry.settingsModels.find((model) => model.name === entry.model)?.schema;
      if (!schema) return;
      for (const key of ["keyColumn", "valueColumn"] as const) {
        const column = entry[key]!;
        const field = schema.fields.find((candidate) => candidate.name === column) ?? schema.fields.find((candidate) => candidate.column === column);
        const where = `${schema.name} (${schema.file})`;
        if (!field) {
          const fields = schema.fields.map((candidate) => candidate.name);
          problems.push({ keyPath: `settingsModels[${index}].${key}`, problem: `names "${column}", which is not a field of ${where}${nameSuggestion(column, fields) || `: its fields are ${fields.join(", ")}`}` });
        } else if (field.list || models.some((model) => model.name === field.type)) {
          problems.push({ keyPath: `settingsModels[${index}].${key}`, problem: `names ${schema.name}.${field.name}, a ${field.list ? "list" : "relation"} field of ${where}, not a column: name the column that ${key === "keyColumn" ? "names the setting" : "holds its value"}` });
        }
      }
    });
    return problems;
  },
};

/**
 * Secrets inside Json columns (`data.smtpPassword`): the path's first segment is a Json column
 * (Prisma `Json`, Drizzle `json`/`jsonb`) of a single-row settings model.
 */
const jsonColumnPaths: SettingsStoreValidator = {
  kind: "Json column",
  validate({ registry, schemaFiles, schemaErrors }) {
    const known = registry.settingsModels.filter((model) => model.schema);
    // Nothing to compare with (no schema defines a settings model), or a schema that did not parse may hold the column.
    if (known.length === 0 || schemaErrors.length > 0) return [];
    const problems: RegistryProblem[] = [];
    for (const secret of registry.secrets) {
      if (!secret.jsonColumn) continue;
      const column = secret.jsonColumn;
      const holders = known.flatMap((model) => model.schema!.fields.filter((field) => field.name === column).map((field) => ({ model, field })));
      if (holders.some(({ model, field }) => field.type === "Json" && model.kind !== "key-value")) continue;
      const holder = holders[0];
      let problem: string;
      if (!holder) {
        const columns = known.flatMap((model) => model.schema!.fields.filter((field) => field.type === "Json").map((field) => field.name));
        const names = known.map((model) => model.name).join(", ");
        problem = `is a path into the column "${column}", which no settings model has (${names} in ${listed(declaredIn(known, schemaFiles))})${nameSuggestion(column, columns) || (columns.length > 0 ? `: their Json columns are ${columns.join(", ")}` : ": they have no Json column")}`;
      } else if (holder.model.kind === "key-value") {
        problem = `is a path into ${holder.model.name}.${column}, the value column of a key-value store: register the setting's key instead (a path into a key-value value is not supported)`;
      } else {
        problem = `is a path into ${holder.model.name}.${column}, a ${holder.field.type} column, not a Json column: a path names a property inside a Json column (Prisma \`Json\`, Drizzle \`json\`/\`jsonb\`); register "${column}" itself if the column holds the secret`;
      }
      problems.push({ keyPath: `secrets.${secret.field}`, problem });
    }
    return problems;
  },
};

/** The schema files the models were read from, or every schema found when none is known. */
function declaredIn(models: readonly { schema?: { file: string } }[], schemaFiles: readonly string[]): string[] {
  const files = [...new Set(models.flatMap((model) => (model.schema ? [model.schema.file] : [])))];
  return files.length > 0 ? files : [...schemaFiles];
}

/** Every kind of settings store the registry can name. */
const SETTINGS_STORE_VALIDATORS: readonly SettingsStoreValidator[] = [prismaModelStore, keyValueColumns, jsonColumnPaths];

/**
 * Checks that the loaded registry can guard something (see the module comment). Throws
 * {@link ConfigError} (naming the config file and key) for a name no store has, {@link RegistryError}
 * when nothing is registered at all.
 */
export function checkRegistry(loaded: LoadedRegistry, root: string, validators: readonly SettingsStoreValidator[] = SETTINGS_STORE_VALIDATORS): void {
  const problems = validators.flatMap((validator) => validator.validate(loaded));
  if (problems.length > 0) {
    const [first, ...others] = problems;
    const more = others.length > 0 ? ` (and ${others.length} more: ${others.map((problem) => `"${problem.keyPath}"`).join(", ")})` : "";
    throw new ConfigError(loaded.configFile ?? "guardrails.config.json", first!.keyPath, `${first!.problem}${more}`);
  }
  if (loaded.configFile && loaded.configLocation === "above" && loaded.registry.include.length === 0) {
    throw new ConfigError(
      loaded.configFile,
      "include",
      `selects nothing under ${root}: the config is in a directory above it, and its globs are read from there (write them to cover ROOT, or check from the config's directory)`,
    );
  }
  if (loaded.registry.secrets.length === 0) throw new RegistryError(nothingToCheck(loaded, root));
}

function nothingToCheck({ registry, config, configFile, configLocation, schemaFiles, schemaErrors }: LoadedRegistry, root: string): string {
  const found: string[] = [];
  const configName = configFile ? `${configFile}${configLocation === "above" ? " (found above ROOT)" : ""}` : undefined;
  if (config.secrets) {
    found.push(`${configName} registers no secret ("secrets" is empty)`);
  } else {
    found.push(
      configName
        ? `${configName} has no "secrets", so they are discovered from the Prisma schemas`
        : `there is no guardrails.config.json in ${root} or a directory above it, so secrets are discovered from the Prisma schemas`,
    );
    const settings = registry.settingsModels.filter((model) => model.schema).map((model) => model.name);
    if (schemaFiles.length === 0) {
      found.push(`no Prisma schema was found under ${root} (schema.prisma, prisma/schema/*.prisma, "prisma.schema" of a package.json, "schema" of a prisma.config.ts)`);
    } else if (settings.length === 0) {
      found.push(`the schemas found (${listed(schemaFiles)}) have no settings model (SystemSettings, or models named *Settings or *Config)`);
    } else {
      found.push(
        `the settings model${settings.length > 1 ? "s" : ""} ${settings.join(", ")} (${listed(schemaFiles)}) ${settings.length > 1 ? "have" : "has"} no field that looks like a secret (api key, password, secret, token, credential, private key...)`,
      );
    }
  }
  if (schemaErrors.length > 0) {
    found.push(`${schemaErrors.length} schema${schemaErrors.length > 1 ? "s or references" : " or reference"} could not be read (${schemaErrors[0]!.message}${schemaErrors.length > 1 ? ", ..." : ""})`);
  }
  return (
    `nothing to check: no secret is registered, so no guardrail would run: ${found.join("; ")}. ` +
    `Register the runtime secrets in a guardrails.config.json at ROOT or above it, e.g. { "settingsModels": ["SystemSettings"], "secrets": { "smtpPassword": { "env": "SMTP_PASSWORD" } } }, or pass --config FILE (see docs/cli.md)`
  );
}

function listed(files: readonly string[]): string {
  return files.length <= 3 ? files.join(", ") : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`;
}

/** `; did you mean "x"?` for the candidate nearest to `name`, or "". */
function nameSuggestion(name: string, candidates: readonly string[]): string {
  const nearest = closestMatch(name, [...new Set(candidates)].sort());
  return nearest === undefined ? "" : `; did you mean "${nearest}"?`;
}
