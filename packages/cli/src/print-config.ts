/**
 * `guardrails print-config [ROOT]`: what a check of ROOT would check. The registry is loaded exactly
 * as `check` loads it; the description is data (`describeConfig`), formatted as text or JSON.
 */
import { resolve } from "node:path";
import { loadRegistry, type LoadedRegistry } from "@secret-guardrails/core";
import { lastOptionValue, resolveRoot, unknownChoice, UsageError, writeOutput } from "./args.js";
import type { MainIo } from "./main.js";
import { summarizeRegistry } from "./registry-summary.js";
import type { ReportRegistry } from "./report.js";

export const CONFIG_FORMATS = ["text", "json"] as const;

/** Everything `check` takes from the registry, by name (never a value). */
export interface ConfigDescription extends ReportRegistry {
  /** ROOT as given. */
  readonly root: string;
  /** Each settings model: Prisma delegate, table, and the schema file defining it (absent when none does). */
  readonly models: readonly { readonly name: string; readonly delegate: string; readonly table: string; readonly schema?: string }[];
  readonly secrets: readonly { readonly secret: string; readonly env: readonly string[]; readonly column?: string }[];
  readonly schemaFiles: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly admin: { readonly procedurePattern: string; readonly pathSegmentPattern: string; readonly uiGlobs: readonly string[] };
  readonly envObjects: readonly string[];
  /** Secret-looking settings fields the registry does not cover (with a config listing `secrets`). */
  readonly unregisteredFields: readonly string[];
}

export function describeConfig(loaded: LoadedRegistry, root: string, rootArg: string): ConfigDescription {
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

export function formatConfigJson(description: ConfigDescription): string {
  return `${JSON.stringify(description, null, 2)}\n`;
}

export function formatConfigText(description: ConfigDescription): string {
  const { secrets } = description;
  const lines: string[] = [`Root: ${description.root}`];
  const schemas = description.schemaFiles.length > 0 ? description.schemaFiles.join(", ") : "no schema.prisma found";
  if (description.config !== undefined) {
    lines.push(`Config: ${description.config}${description.source === "discovery" ? ` (no "secrets": discovered from ${schemas})` : ""}`);
  } else {
    lines.push(`Config: none (secrets discovered from ${schemas}; \`guardrails init\` writes a config)`);
  }
  lines.push("", `Settings models (${description.models.length}):`);
  for (const model of description.models) {
    lines.push(`  ${model.name}  prisma.${model.delegate}, table ${model.table}, ${model.schema ?? "in no schema.prisma"}`);
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
  return `${lines.join("\n")}\n`;
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
  const rootArg = operands[0] ?? ".";
  const root = resolveRoot(rootArg, io.cwd);
  const loaded = loadRegistry({ root, ...(options.config !== undefined ? { configFile: resolve(io.cwd, options.config) } : {}) });
  const description = describeConfig(loaded, root, rootArg);
  const text = format === "json" ? formatConfigJson(description) : formatConfigText(description);
  if (output !== undefined) writeOutput(resolve(io.cwd, output), text);
  else io.stdout.write(text);
  return 0;
}

