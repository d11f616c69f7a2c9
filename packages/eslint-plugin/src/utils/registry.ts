import { dirname } from "node:path";
import type { TSESLint } from "@typescript-eslint/utils";
import {
  createRegistry,
  findConfigRoot,
  loadRegistry,
  validateConfig,
  type GuardrailsConfig,
  type SecretRegistry,
} from "@secret-guardrails/core";

/**
 * Shared settings of the plugin (`settings["secret-guardrails"]` in `eslint.config.js`):
 * - `config`: the registry inline, in the shape of `guardrails.config.json`;
 * - `root`: where to load `guardrails.config.json` / discover `schema.prisma` from.
 * Without either, the nearest `guardrails.config.json` above the linted file decides, else the
 * Prisma schemas under the working directory.
 */
export interface PluginSettings {
  readonly config?: GuardrailsConfig;
  readonly root?: string;
}

export const SETTINGS_KEY = "secret-guardrails";

const byConfigText = new Map<string, SecretRegistry>();
const byRoot = new Map<string, SecretRegistry>();

/** The registry for the file being linted, loaded once per process per config or root. */
export function getRegistry(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): SecretRegistry {
  const settings = (context.settings[SETTINGS_KEY] ?? {}) as PluginSettings;
  if (settings.config) {
    const key = JSON.stringify(settings.config);
    let registry = byConfigText.get(key);
    if (!registry) {
      registry = createRegistry(validateConfig(settings.config, `settings["${SETTINGS_KEY}"].config`));
      byConfigText.set(key, registry);
    }
    return registry;
  }
  const root = settings.root ?? findConfigRoot(dirname(context.filename)) ?? context.cwd;
  let registry = byRoot.get(root);
  if (!registry) {
    registry = loadRegistry({ root }).registry;
    byRoot.set(root, registry);
  }
  return registry;
}
