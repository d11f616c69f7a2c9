import { dirname } from "node:path";
import { lintedFilePath } from "./linted-path.js";
import type { TSESLint } from "@typescript-eslint/utils";
import {
  createRegistry,
  findConfigRoot,
  findWorkspaceRoot,
  loadRegistry,
  prescan,
  validateConfig,
  type GuardrailsConfig,
  type PrismaModel,
  type SecretRegistry,
} from "@secret-guardrails/core";

/**
 * Shared settings of the plugin (`settings["secret-guardrails"]` in `eslint.config.js`):
 * - `config`: the registry inline, in the shape of `guardrails.config.json`;
 * - `prismaModels`: parsed Prisma models to go with `config` (the CLI passes both, so the plugin
 *   sees `@map`/`@@map` names and discovered secrets without reading the schema again);
 * - `root`: where to load `guardrails.config.json` / discover `schema.prisma` from.
 * Without either, the nearest `guardrails.config.json` above the linted file decides, else the
 * Prisma schemas under the working directory.
 */
export interface PluginSettings {
  readonly config?: GuardrailsConfig;
  readonly prismaModels?: readonly PrismaModel[];
  readonly root?: string;
  /** Milliseconds the analysis of one file may take before it is reported as not analysed (default 10,000). */
  readonly fileBudgetMs?: number;
}

export const SETTINGS_KEY = "secret-guardrails";

const bySettings = new WeakMap<object, SecretRegistry>();
const byConfigText = new Map<string, SecretRegistry>();
const byRoot = new Map<string, SecretRegistry>();
const configRootByDir = new Map<string, string | undefined>();

/** `findConfigRoot`, once per directory: every file of a folder shares the answer. */
function configRootOf(dir: string): string | undefined {
  if (!configRootByDir.has(dir)) configRootByDir.set(dir, findConfigRoot(dir));
  return configRootByDir.get(dir);
}

const workspaceRootByDir = new Map<string, string | undefined>();

/** `findWorkspaceRoot`, once per directory. */
function workspaceRootOf(dir: string): string | undefined {
  if (!workspaceRootByDir.has(dir)) workspaceRootByDir.set(dir, findWorkspaceRoot(dir));
  return workspaceRootByDir.get(dir);
}

/** The registry for the file being linted, loaded once per process per config or root. */
export function getRegistry(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): SecretRegistry {
  const settings = (context.settings[SETTINGS_KEY] ?? {}) as PluginSettings;
  if (settings.config) {
    // Same settings object for every file of a run: look it up by identity before serialising.
    const known = bySettings.get(settings);
    if (known) return known;
    const key = JSON.stringify([settings.config, settings.prismaModels ?? []]);
    let registry = byConfigText.get(key);
    if (!registry) {
      const config = validateConfig(settings.config, `settings["${SETTINGS_KEY}"].config`);
      registry = createRegistry(config, settings.prismaModels ?? []);
      byConfigText.set(key, registry);
    }
    bySettings.set(settings, registry);
    return registry;
  }
  // No config: the schemas are discovered from the repository's root, also when ESLint runs in one
  // package of a monorepo whose schema lives in another (`apps/web` and `packages/db/prisma`).
  const dir = dirname(context.filename);
  const root = settings.root ?? configRootOf(dir) ?? workspaceRootOf(dir) ?? context.cwd;
  let registry = byRoot.get(root);
  if (!registry) {
    registry = loadRegistry({ root }).registry;
    byRoot.set(root, registry);
  }
  return registry;
}

/**
 * The verdict for the file being linted. ESLint runs every rule's `create` on one file before the
 * next, so one slot serves all three rules. It is keyed by the registry and the file's name and
 * text, not by its `SourceCode`: a long-lived reference to the `SourceCode` (this slot, or a
 * WeakMap keyed by it) keeps the file's AST alive through the young-generation GCs while the next
 * file is parsed, and V8 then promotes every AST to the old generation (+45 MB and +12% time on
 * 500 files).
 */
let lastFile: string | undefined;
let lastText: string | undefined;
let lastRegistry: SecretRegistry | undefined;
let lastMatters = false;

/**
 * Can this file hold anything the rules report? Without type information a rule recognises a
 * settings write, a settings read or an admin endpoint only by a name the registry knows (a
 * settings delegate or model, a secret field or column, its env var, raw SQL), an admin tRPC
 * resolver or an admin route handler's path (`PrescanResult.lintable`): a file with none of them
 * is skipped after one text scan, shared by the rules.
 * This is the pre-scan `guardrails check` uses to pick the files it lints. With type information
 * (`parserOptions.projectService`) a type can carry a secret into a file that names none of them,
 * so every file is analysed.
 */
export function fileCanMatter(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, registry: SecretRegistry): boolean {
  const { sourceCode } = context;
  if (sourceCode.parserServices?.program) return true;
  const { filename } = context;
  const { text } = sourceCode;
  if (lastFile !== filename || lastText !== text || lastRegistry !== registry) {
    const settings = (context.settings[SETTINGS_KEY] ?? {}) as PluginSettings;
    lastMatters = prescan(text, registry, lintedFilePath(filename, settings.root ?? context.cwd)).lintable;
    lastFile = filename;
    lastText = text;
    lastRegistry = registry;
  }
  return lastMatters;
}
