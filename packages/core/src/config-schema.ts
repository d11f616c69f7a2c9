/**
 * The JSON schema (draft-07) of `guardrails.config.json`: the keys `validateConfig` accepts, for
 * editors (`"$schema"` in the file) and for the docs. `validateConfig` takes its key lists and name
 * patterns from here, a test checks that both accept and reject the same configs, and `pnpm gen`
 * writes it to `packages/cli/guardrails.config.schema.json`, which the CLI package ships. (The defaults
 * in the descriptions are `registry.ts`'s, which imports this module: a test keeps them equal.)
 */
import { REPOSITORY_URL } from "./docs-url.js";

/** A settings model or field name (an identifier). */
export const IDENTIFIER_PATTERN = "^[A-Za-z_$][\\w$]*$";
/**
 * A registered secret's name: a settings field (or a key-value store's key), or a path into a Json
 * column, `column.property[.property...]`, each segment an identifier.
 */
export const SECRET_NAME_PATTERN = "^[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*$";
/** An environment variable name. */
export const ENV_VAR_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";
/**
 * A glob relative to the root: not absolute (`/x`, `\x`, `C:/x`, `~/x`) and no `..` segment, which
 * `validateConfig` refuses too (`normaliseGlob` in files.ts): such a glob would silently match nothing.
 */
const RELATIVE_GLOB_PATTERN = "^(?![/\\\\~]|[A-Za-z]:[/\\\\])(?![\\s\\S]*(?:^|/)\\.\\.(?:/|$))";

/** Where the schema is published: the file in the repository (the CLI package ships the same file). */
export const CONFIG_SCHEMA_URL = `${REPOSITORY_URL}/raw/main/packages/cli/guardrails.config.schema.json`;

/** `a`, `b` as the descriptions list defaults. */
export function listDefaults(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(", ");
}

const globs = (description: string, defaults: readonly string[]) => ({
  type: "array",
  description: `${description} Relative to the root of the config (\`./src/**\` is \`src/**\`, \`src/\` is \`src/**\`); never absolute, no \`..\` segment. Default: ${listDefaults(defaults)}.`,
  items: { type: "string", minLength: 1, pattern: RELATIVE_GLOB_PATTERN },
});

const envVarName = { type: "string", pattern: ENV_VAR_PATTERN };

const secretEnv = {
  description: "The environment variable, or several (any of them provisions the secret).",
  oneOf: [envVarName, { type: "array", minItems: 1, items: envVarName }],
};

const identifiers = (description: string) => ({
  type: "array",
  description,
  items: { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN },
});

export const CONFIG_JSON_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: CONFIG_SCHEMA_URL,
  title: "guardrails.config.json",
  description:
    "The secret registry of Secret Guardrails (ADR 0001: runtime secrets come from the environment, never from the settings table). Every key is optional; without `secrets`, they are discovered from `schema.prisma`.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "The JSON schema of this file (for editors)." },
    settingsModels: {
      type: "array",
      description: `The models whose rows hold runtime settings: Prisma models (the client delegate is the name in lowerCamelCase) or Drizzle tables (the variable a \`pgTable\`/\`mysqlTable\`/\`sqliteTable\` is assigned to, read when a package.json depends on drizzle-orm). Default: ${listDefaults(["SystemSettings"])}, else the app-wide models (no owner or user column) whose shape says settings: named like settings (\`*Settings\`, \`*Config\`, ...) with secret-looking columns, or key-value stores (one row per setting: a unique key column and a value column).`,
      minItems: 1,
      // (A model named twice in two forms is refused by `validateConfig` too.)
      uniqueItems: true,
      items: {
        oneOf: [
          { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN },
          {
            type: "object",
            description:
              "A settings model named with its shape. With `keyColumn` and `valueColumn` it is a key-value store (one row per setting, the setting named by the key column's value) whatever its schema says (no `@unique` on the key, column names the shape does not know); a column the schema does not have is an error.",
            additionalProperties: false,
            required: ["model"],
            properties: {
              model: { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN, description: "The Prisma model name, or the variable a Drizzle table is assigned to." },
              keyColumn: { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN, description: "The field (or `@map` column) whose value names the setting (`name`, `key`)." },
              valueColumn: { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN, description: "The field (or `@map` column) that holds the setting's value." },
            },
            dependencies: { keyColumn: ["valueColumn"], valueColumn: ["keyColumn"] },
          },
        ],
      },
    },
    secrets: {
      type: "object",
      description:
        "The secret registry: settings field name (or key, in a key-value store) -> the environment variable(s) that are its system of record. A secret inside a Json column is named by its path, `column.property` (`data.smtpPassword`: the property `smtpPassword` of the Json column `data`; deeper paths `column.a.b`). Default: discovered from `schema.prisma` (secret-looking string fields of the settings models, env name = SCREAMING_SNAKE_CASE of the field; in a key-value store, the secret-looking keys of its key enum or that the code names, env name = the key in SCREAMING_SNAKE_CASE).",
      propertyNames: { pattern: SECRET_NAME_PATTERN },
      // A path names its column by its first segment: no `column`.
      patternProperties: {
        "\\.": {
          type: "object",
          additionalProperties: false,
          required: ["env"],
          properties: { env: secretEnv },
        },
      },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["env"],
        properties: {
          env: secretEnv,
          column: { type: "string", description: "The database column, when `@map` renames the field (read from `schema.prisma` when omitted)." },
        },
      },
    },
    include: globs("Globs of the analysed files (`.gitignore` is honoured too).", ["**/*.{ts,tsx,mts,cts}"]),
    exclude: globs("Globs left out of the analysis.", [
      "**/node_modules/**",
      "**/dist/**",
      "**/build/**",
      "**/.next/**",
      "**/coverage/**",
      "**/*.d.ts",
    ]),
    admin: {
      type: "object",
      description: "How admin endpoints and the admin settings UI are recognised.",
      additionalProperties: false,
      properties: {
        procedurePattern: {
          type: "string",
          format: "regex",
          description: "Regular expression (case-insensitive) of the tRPC procedure builders that mark admin endpoints. Default: `admin`.",
        },
        pathSegmentPattern: {
          type: "string",
          format: "regex",
          description: "Regular expression (case-insensitive) of the route path segment that marks admin route handlers. Default: `^admin$`.",
        },
        uiGlobs: globs("Globs of the admin settings UI, which must name each secret's environment variable (a Next.js route group `(admin)` too).", ["**/admin/**/*.tsx", "**/(admin)/**/*.tsx"]),
        guardPattern: {
          type: "string",
          format: "regex",
          description:
            "Regular expression (case-insensitive) of what restricts a NestJS controller or GraphQL resolver handler, or an Express, Koa, Hono or Fastify route, to admins: a guard (`@UseGuards(GqlAdminGuard)`), the roles or permissions a decorator requires (`@Roles(Role.ADMIN)`, `@HasPermission(permissions.accessAdminControl)`: each one given must match), a decorator's own name (`@AdminOnly()`), a middleware (`requireAdmin`, `requireRole(\"admin\")`). Default: `admin|superuser`.",
        },
      },
    },
    envObjects: {
      type: "array",
      description: `Identifiers of imported, validated env objects (t3-env's \`env\`), read like \`process.env\`. Default: ${listDefaults(["env"])}.`,
      items: { type: "string", minLength: 1, pattern: IDENTIFIER_PATTERN },
    },
    configSources: {
      type: "object",
      description: "How runtime configuration reaches the code besides `process.env`. Each list adds to the names recognised without configuration.",
      additionalProperties: false,
      properties: {
        envFunctions: identifiers(
          "Functions that read one environment variable by name (`env(\"X\")`). Recognised without configuration: `env`, `getEnv`, `readEnv`, `requireEnv`, `mustEnv`, `getEnvVar`, `getRequiredEnv`, `fromEnv` and the like.",
        ),
        envServices: identifiers(
          "Receivers whose `get(\"X\")` / `getOrThrow(\"X\")` reads environment variable X. Recognised without configuration: `configService`, `config`, `configuration`, `env`, `environment` (also as `this.<name>`). A dotted key (`get(\"INFRA.X\")`) reads a namespace of the loaded configuration instead, never the environment.",
        ),
        dbLoaders: identifiers(
          "Functions whose result is configuration read from the settings store. Found without configuration: the loaders of a NestJS `ConfigModule.forRoot({ load: [...] })` (their results are evaluated; a namespace built from the settings store reads as the database). Listed here, a loader the analysis cannot see (another module, in the editor) returns the settings store's values by key.",
        ),
        dbNamespaces: identifiers(
          "Namespaces of `configService.get(\"NS.KEY\")` whose keys are settings-store keys, for when the analysis cannot see the loader that fills them (in the editor).",
        ),
      },
    },
  },
} as const;

/** The keys of a config object, of an `admin` object, of a `settingsModels` object and of a `secrets` entry. */
export const CONFIG_KEYS = Object.keys(CONFIG_JSON_SCHEMA.properties);
export const ADMIN_CONFIG_KEYS = Object.keys(CONFIG_JSON_SCHEMA.properties.admin.properties);
export const SETTINGS_MODEL_CONFIG_KEYS = Object.keys(CONFIG_JSON_SCHEMA.properties.settingsModels.items.oneOf[1].properties);
export const SECRET_CONFIG_KEYS = Object.keys(CONFIG_JSON_SCHEMA.properties.secrets.additionalProperties.properties);
export const CONFIG_SOURCES_KEYS = Object.keys(CONFIG_JSON_SCHEMA.properties.configSources.properties);

/** The text of `packages/cli/guardrails.config.schema.json` (written by `pnpm gen`). */
export function configSchemaText(): string {
  const generated = { $comment: "Generated by `pnpm gen` from packages/core/src/config-schema.ts: do not edit.", ...CONFIG_JSON_SCHEMA };
  return `${JSON.stringify(generated, null, 2)}\n`;
}
