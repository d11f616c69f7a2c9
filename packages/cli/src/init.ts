/**
 * `guardrails init [ROOT]`: discovers the registry of ROOT (settings models and their secrets from
 * `schema.prisma`, each secret's env var, what the admin patterns match) and writes it as
 * `guardrails.config.json`, with the `$schema` the CLI package ships. Never overwrites a config
 * without `--force`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  CONFIG_FILE_NAME,
  CONFIG_SCHEMA_URL,
  DEFAULT_EXCLUDE,
  createRegistry,
  findKeyValueKeys,
  findPrismaSchemas,
  hasAdminPath,
  isSourceText,
  listSourceFiles,
  matchesGlobs,
  mayDeclareDrizzleTables,
  parseDrizzleTables,
  parsePrismaSchemaCached,
  PrismaSchemaError,
  readSourceFiles,
  REPOSITORY_URL,
  schemaCacheDir,
  usesDrizzle,
  walkTree,
  type GuardrailsConfig,
  type PrismaModel,
  type SecretRegistry,
  type SourceText,
} from "@secret-guardrails/core";
import { relativeToCwd, resolveRoot, UsageError, writeOutput } from "./args.js";
import { ENV_SCRIPT_FILE, scanEnvDeclarations, type EnvDeclarations } from "./inventory.js";
import type { MainIo } from "./main-io.js";
import { escapeControl } from "./reporters/escape.js";
import { plural } from "./reporters/shared.js";

/** Where the CLI package keeps the config's JSON schema (`pnpm gen` writes it; the tarball ships it). */
const SCHEMA_FILE_NAME = "guardrails.config.schema.json";
const PACKAGE_NAME = "@secret-guardrails/cli";

/** What `init` found besides the registry: for its message (and its tests). */
export interface Discovery {
  readonly registry: SecretRegistry;
  /** The Prisma schemas, and the files declaring Drizzle tables. */
  readonly schemaFiles: readonly string[];
  /** tRPC procedure builders defined in the sources (`export const adminProcedure = t.procedure...`), sorted. */
  readonly procedureBuilders: readonly string[];
  /** Route handler and `pages/api` files under an admin path segment. */
  readonly adminRoutes: number;
  /** Source files of the admin UI (`admin.uiGlobs`). */
  readonly adminUiFiles: number;
  readonly declarations: EnvDeclarations;
}

/** A tRPC procedure builder: `const adminProcedure = t.procedure.use(...)`, `= protectedProcedure.use(...)`. */
const PROCEDURE_BUILDER = /\bconst\s+([A-Za-z_$][\w$]*[Pp]rocedure)\s*=\s*[\w$.]*[Pp]rocedure\b/g;
const ROUTE_FILE = /(?:^|\/)(?:route\.[cm]?[jt]sx?$|pages\/api\/)/;

/** Discovery as `check` does it without a config, plus what the admin patterns match. Throws on an unparsable schema. */
function discover(root: string, cacheDir: string | undefined): Discovery {
  const tree = walkTree(root, DEFAULT_EXCLUDE);
  const schemaFiles = findPrismaSchemas(root, DEFAULT_EXCLUDE, tree);
  const models: PrismaModel[] = [];
  for (const file of schemaFiles) {
    try {
      models.push(...parsePrismaSchemaCached(readFileSync(join(root, file), "utf8"), file, cacheDir));
    } catch (error) {
      const reason = error instanceof PrismaSchemaError ? `line ${error.line}: ${error.message}` : ((error as NodeJS.ErrnoException).code ?? "unreadable");
      throw new UsageError(`cannot read the Prisma schema ${file} (${reason}); fix it, or write ${CONFIG_FILE_NAME} by hand`);
    }
  }
  let registry = createRegistry({}, models);
  const files = listSourceFiles(root, registry, tree);
  const sources = readSourceFiles(root, files).filter(isSourceText);
  // Drizzle tables are declared in code (when a manifest depends on drizzle-orm), as `check` reads them.
  const drizzleFiles: string[] = [];
  if (usesDrizzle(root, tree)) {
    for (const source of sources) {
      if (!mayDeclareDrizzleTables(source.text)) continue;
      const tables = parseDrizzleTables(source.text, source.file);
      if (tables.length > 0) drizzleFiles.push(source.file);
      models.push(...tables);
    }
    if (drizzleFiles.length > 0) registry = createRegistry({}, models);
  }
  // Key-value stores (one row per setting): their secret keys are where the code names them, as `check` finds them.
  const keyValueStores = registry.settingsModels.filter((model) => model.kind === "key-value" && model.keyColumn);
  if (keyValueStores.length > 0) {
    const keys = findKeyValueKeys(
      keyValueStores.map((model) => ({ name: model.name, delegate: model.delegate, keyColumn: model.keyColumn! })),
      sources.map((source) => source.text),
    );
    registry = createRegistry({}, models, keys);
  }
  const builders = new Set<string>();
  for (const source of sources) for (const match of source.text.matchAll(PROCEDURE_BUILDER)) builders.add(match[1]!);
  const envVars = registry.secrets.flatMap((secret) => secret.envVars);
  const envSources = sources.filter((source: SourceText) => envVars.some((name) => source.text.includes(name)));
  return {
    registry,
    schemaFiles: [...schemaFiles, ...drizzleFiles],
    procedureBuilders: [...builders].sort(),
    adminRoutes: files.filter((file) => ROUTE_FILE.test(file) && hasAdminPath(file, registry)).length,
    adminUiFiles: files.filter((file) => matchesGlobs(file, registry.admin.uiGlobs)).length,
    declarations: scanEnvDeclarations(root, envVars, {
      envExamples: tree.envExamples,
      sources: envSources,
      scripts: tree.files.filter((file) => ENV_SCRIPT_FILE.test(file)),
    }),
  };
}

/** The config `init` writes: models, secrets (env names), admin patterns; defaults spelled out to be edited. */
function configOf(discovery: Discovery, schemaRef: string): GuardrailsConfig & { readonly $schema: string } {
  const { registry } = discovery;
  return {
    $schema: schemaRef,
    settingsModels: registry.settingsModels.map((model) => model.name),
    secrets: Object.fromEntries(
      registry.secrets.map((secret) => [secret.field, { env: secret.envVars.length === 1 ? secret.envVars[0]! : [...secret.envVars] }]),
    ),
    admin: {
      procedurePattern: registry.admin.procedurePattern.source,
      pathSegmentPattern: registry.admin.pathSegmentPattern.source,
      uiGlobs: [...registry.admin.uiGlobs],
    },
  };
}

/**
 * The `$schema` of a config written at `configFile`: the CLI package's file in the nearest
 * `node_modules` above it (relative, as editors resolve it), else the published URL.
 */
export function schemaReference(configFile: string): string {
  for (let dir = dirname(configFile); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", PACKAGE_NAME, SCHEMA_FILE_NAME);
    if (existsSync(candidate)) {
      const path = relative(dirname(configFile), candidate).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    }
    if (dirname(dir) === dir) return CONFIG_SCHEMA_URL;
  }
}

export interface InitOptions {
  readonly operands: readonly string[];
  readonly io: Required<MainIo>;
  /** Where to write (default `ROOT/guardrails.config.json`). */
  readonly config?: string;
  readonly force: boolean;
}

export async function runInit(options: InitOptions): Promise<number> {
  const { io, operands } = options;
  if (operands.length > 1) throw new UsageError(`init takes one ROOT (got ${operands.length} operands)`);
  const rootArg = operands[0] ?? ".";
  const root = resolveRoot(rootArg, io.cwd);
  const target = options.config !== undefined ? resolve(io.cwd, options.config) : join(root, CONFIG_FILE_NAME);
  const shown = relativeToCwd(io.cwd, target);
  if (existsSync(target) && !options.force) {
    io.stderr.write(`guardrails: ${escapeControl(shown)} already exists; \`guardrails init --force\` overwrites it (\`guardrails print-config\` shows what it registers)\n`);
    return 2;
  }
  const discovery = discover(root, schemaCacheDir(io.env));
  const { registry } = discovery;
  if (registry.secrets.length === 0) {
    const where = escapeControl(discovery.schemaFiles.length > 0 ? discovery.schemaFiles.join(", ") : `no schema.prisma nor Drizzle table under ${rootArg}`);
    io.stderr.write(
      `guardrails: found no secret to register (${where}): no settings model (SystemSettings, or an app-wide model shaped like settings) has a secret-looking string field or key. ` +
        `Write ${CONFIG_FILE_NAME} by hand: ${REPOSITORY_URL}#configuration-guardrailsconfigjson\n`,
    );
    return 2;
  }
  writeOutput(target, `${JSON.stringify(configOf(discovery, schemaReference(target)), null, 2)}\n`);
  io.stdout.write(initMessage(shown, discovery));
  return 0;
}

/** What `init` wrote and found, for the user to review: names and paths come from the repository, so every line is escaped (`escape.ts`). */
function initMessage(shown: string, discovery: Discovery): string {
  const { registry, declarations } = discovery;
  const width = Math.max(...registry.secrets.map((secret) => secret.field.length));
  const lines = [
    `Wrote ${shown} (from ${discovery.schemaFiles.join(", ")}):`,
    `  settings models  ${registry.settingsModels.map((model) => model.name).join(", ")}`,
    ...registry.secrets.map((secret, index) => {
      const declaredIn = [...new Set(secret.envVars.flatMap((name) => declarations.get(name) ?? []))];
      const where = declaredIn.length > 0 ? `declared in ${declaredIn.join(", ")}` : "not declared in an env example or env schema";
      return `  ${index === 0 ? "secrets        " : "               "}  ${secret.field.padEnd(width)}  ${secret.envVars.join(" or ")} (${where})`;
    }),
  ];
  const pattern = registry.admin.procedurePattern;
  const adminBuilders = discovery.procedureBuilders.filter((name) => pattern.test(name));
  lines.push(
    adminBuilders.length > 0
      ? `  admin            tRPC procedure builders matching /${pattern.source}/i: ${adminBuilders.join(", ")}`
      : `  admin            no tRPC procedure builder matches /${pattern.source}/i${discovery.procedureBuilders.length > 0 ? ` (found ${discovery.procedureBuilders.join(", ")}): set admin.procedurePattern to the ones that guard admin endpoints` : ""}`,
    `                   ${plural(discovery.adminRoutes, "route handler")} under an /${registry.admin.pathSegmentPattern.source}/i path segment; ${plural(discovery.adminUiFiles, "admin UI file")} (${registry.admin.uiGlobs.join(", ")})`,
    "Check that each env var is the secret's system of record, then run `guardrails check`.",
  );
  return `${lines.map(escapeControl).join("\n")}\n`;
}
