/**
 * `guardrails print-config [ROOT]`: what a check of ROOT would check. The registry is loaded exactly
 * as `check` loads it; the description is data (`describeConfig`), formatted as text or JSON.
 */
import { resolve } from "node:path";
import { checkRegistry, ConfigError, loadRegistry, RegistryError, type LoadedRegistry } from "@secret-guardrails/core";
import { lastOptionValue, prepareOutput, resolveRoot, unknownChoice, UsageError, writeOutput } from "./args.js";
import type { MainIo } from "./main-io.js";
import { summarizeRegistry } from "./registry-summary.js";
import { escapeControl, escapeJsonText } from "./reporters/escape.js";
import type { ReportRegistry } from "./report.js";

const CONFIG_FORMATS = ["text", "json"] as const;

/** Everything `check` takes from the registry, by name (never a value). */
export interface ConfigDescription extends ReportRegistry {
  /** ROOT as given. */
  readonly root: string;
  /**
   * Each settings model: Prisma delegate, table, the schema file defining it (absent when none does),
   * and for a key-value store (one row per setting) `kind: "key-value"` with its key and value columns.
   */
  readonly models: readonly {
    readonly name: string;
    readonly delegate: string;
    readonly table: string;
    readonly schema?: string;
    /** A Drizzle table (`name` its variable, `table` its SQL name); Prisma models have no `orm`. */
    readonly orm?: "drizzle";
    readonly kind?: "key-value";
    readonly keyColumn?: string;
    readonly valueColumn?: string;
  }[];
  readonly secrets: readonly { readonly secret: string; readonly env: readonly string[]; readonly column?: string }[];
  readonly schemaFiles: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly admin: { readonly procedurePattern: string; readonly pathSegmentPattern: string; readonly uiGlobs: readonly string[] };
  readonly envObjects: readonly string[];
  /** Secret-looking settings fields the registry does not cover (with a config listing `secrets`). */
  readonly unregisteredFields: readonly string[];
}

function describeConfig(loaded: LoadedRegistry, root: string, rootArg: string): ConfigDescription {
  const { registry } = loaded;
  const summary = summarizeRegistry(loaded, root);
  return {
    root: rootArg,
    source: summary.source,
    ...(summary.config !== undefined ? { config: summary.config } : {}),
    settingsModels: summary.settingsModels,
    models: registry.settingsModels.map((model) => ({
      name: model.name,
      delegate: model.delegate,
      table: model.table,
      ...(model.schema ? { schema: model.schema.file } : {}),
      ...(model.orm === "drizzle" ? { orm: "drizzle" as const } : {}),
      ...(model.kind === "key-value" ? { kind: "key-value" as const, keyColumn: model.keyColumn, valueColumn: model.valueColumn } : {}),
    })),
    secrets: registry.secrets.map((secret) => ({
      secret: secret.field,
      env: [...secret.envVars],
      ...(secret.column !== secret.field ? { column: secret.column } : {}),
    })),
    schemaFiles: [...loaded.schemaFiles],
    include: [...registry.include],
    exclude: [...registry.exclude],
    admin: {
      procedurePattern: registry.admin.procedurePattern.source,
      pathSegmentPattern: registry.admin.pathSegmentPattern.source,
      uiGlobs: [...registry.admin.uiGlobs],
    },
    envObjects: [...registry.envObjects],
    unregisteredFields: registry.unregisteredFields.map((field) => `${field.model}.${field.field} (${field.file}:${field.line})`),
  };
}

/** JSON, with the unsafe characters of names and paths as `\uXXXX` (`escape.ts`). */
function formatConfigJson(description: ConfigDescription): string {
  return `${escapeJsonText(JSON.stringify(description, null, 2))}\n`;
}

/** Text for a terminal: names and paths come from the repository, so every line is escaped (`escape.ts`). */
function formatConfigText(description: ConfigDescription, configAbove = false): string {
  const { secrets } = description;
  const lines: string[] = [`Root: ${description.root}`];
  // Where the models are declared: the Prisma schemas, and the files declaring Drizzle tables.
  const declared = [...new Set([...description.schemaFiles, ...description.models.flatMap((model) => (model.orm === "drizzle" && model.schema ? [model.schema] : []))])];
  const schemas = declared.length > 0 ? declared.join(", ") : "no schema.prisma nor Drizzle table found";
  if (description.config !== undefined) {
    const above = configAbove ? " (found above ROOT; its globs are read from its directory)" : "";
    lines.push(`Config: ${description.config}${above}${description.source === "discovery" ? ` (no "secrets": discovered from ${schemas})` : ""}`);
  } else {
    lines.push(`Config: none (secrets discovered from ${schemas}; \`guardrails init\` writes a config)`);
  }
  lines.push("", `Settings models (${description.models.length}):`);
  for (const model of description.models) {
    const store = model.kind === "key-value" ? `, key-value (key ${model.keyColumn}, value ${model.valueColumn})` : "";
    const client = model.orm === "drizzle" ? "Drizzle table" : `prisma.${model.delegate}, table`;
    lines.push(`  ${model.name}  ${client} ${model.table}${store}, ${model.schema ?? "in no schema.prisma"}`);
  }
  lines.push("", `Secrets (${secrets.length}):`);
  const width = Math.max(0, ...secrets.map((secret) => secret.secret.length));
  for (const secret of secrets) {
    lines.push(`  ${secret.secret.padEnd(width)}  ${secret.env.join(" or ")}${secret.column !== undefined ? `  (column ${secret.column})` : ""}`);
  }
  if (secrets.length === 0) lines.push("  none: nothing to check. Add them to guardrails.config.json (`guardrails init` discovers them).");
  if (description.unregisteredFields.length > 0) {
    lines.push("", `Secret-looking fields not in the registry (${description.unregisteredFields.length}):`, ...description.unregisteredFields.map((field) => `  ${field}`));
  }
  lines.push(
    "",
    "Files:",
    `  include  ${description.include.join(", ")}`,
    `  exclude  ${description.exclude.join(", ")}`,
    "",
    "Admin:",
    `  tRPC procedure builders  /${description.admin.procedurePattern}/i`,
    `  route path segments      /${description.admin.pathSegmentPattern}/i`,
    `  settings UI              ${description.admin.uiGlobs.join(", ")}`,
    "",
    `Env objects: ${description.envObjects.join(", ")}`,
  );
  return `${lines.map(escapeControl).join("\n")}\n`;
}

export interface PrintConfigOptions {
  readonly operands: readonly string[];
  readonly io: Required<MainIo>;
  readonly tokens: readonly { kind: string; name?: string; value?: string | undefined }[];
  readonly config?: string;
}

export async function runPrintConfig(options: PrintConfigOptions): Promise<number> {
  const { operands, io, tokens } = options;
  if (operands.length > 1) throw new UsageError(`print-config takes one ROOT (got ${operands.length} operands)`);
  const format = lastOptionValue(tokens, "format") ?? "text";
  if (!(CONFIG_FORMATS as readonly string[]).includes(format)) throw unknownChoice("format", format, CONFIG_FORMATS, "valid formats of print-config");
  const output = lastOptionValue(tokens, "output", "output-file");
  // Checked before the work, as every output of the CLI is.
  if (output !== undefined) prepareOutput(resolve(io.cwd, output));
  const rootArg = operands[0] ?? ".";
  const root = resolveRoot(rootArg, io.cwd);
  // As `check` loads it: the config at ROOT or the nearest directory above it, or --config.
  const loaded = loadRegistry({ root, searchParents: true, ...(options.config !== undefined ? { configFile: resolve(io.cwd, options.config) } : {}) });
  const description = describeConfig(loaded, root, rootArg);
  const text = format === "json" ? formatConfigJson(description) : formatConfigText(description, loaded.configLocation === "above");
  if (output !== undefined) writeOutput(resolve(io.cwd, output), text);
  else io.stdout.write(text);
  // What `check` would refuse (nothing registered, a name no settings model has) is not a pass here either.
  try {
    checkRegistry(loaded, root);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof RegistryError)) throw error;
    const message = error instanceof ConfigError ? `invalid config: ${error.message}` : error.message;
    io.stderr.write(`guardrails: a check would exit 2: ${escapeControl(message)}\n`);
    return 2;
  }
  return 0;
}

