/**
 * Keys of key-value settings stores, found in the code when no config lists them: the members of an
 * enum and the string constants named after the store (`InfraConfigEnum.GOOGLE_CLIENT_SECRET`,
 * `PROPERTY_API_KEY_OPENROUTER = "API_KEY_OPENROUTER"`, `CONFIG_KEYS = { STRIPE_SECRET: "STRIPE_SECRET" }`, `SETTING_KEYS = ["SMTP_PASSWORD"]`), and the literal keys written into it
 * (`where: { name: "SMTP_PASSWORD" }`), and, with one key-value store, env-style keys passed to a settings
 * getter (`getSecret("SMTP_PASSWORD")`). Only keys that look like secrets are kept. Text scans only:
 * nothing in the scanned repository is run.
 */
import { looksLikeSecretName } from "./secret-name.js";

export interface KeyValueStoreRef {
  /** The model name (`InfraConfig`): enums and constants named after it hold its keys. */
  readonly name: string;
  /** The Prisma delegate (`infraConfig`): files that name it write keys into it. */
  readonly delegate: string;
  readonly keyColumn: string;
}

const ENUM = /\benum\s+([A-Za-z_$][\w$]*)\s*\{([^}]*)\}/g;
const ENUM_MEMBER = /([A-Za-z_$][\w$]*)\s*(?:=\s*(['"`])([^'"`\n]*)\2)?\s*(?:,|$)/g;
const CONSTANT = /\bconst\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>[\] |]+)?=\s*(['"`])([^'"`\n]{1,200})\2/g;
/** `const CONFIG_KEYS = { STRIPE_SECRET: "STRIPE_SECRET", ... } as const`: an object of keys (no nested braces). */
const CONSTANT_OBJECT = /\bconst\s+([A-Za-z_$][\w$]*)\s*(?::[^={};]{0,200})?=\s*\{([^{}]{0,5000})\}/g;
const OBJECT_MEMBER = /([A-Za-z_$][\w$]*|'[^'\n]+'|"[^"\n]+")\s*:\s*(['"`])([A-Za-z_][\w.-]{2,100})\2/g;
/** `const SETTING_KEYS = ["SMTP_PASSWORD", ...] as const`: an array of keys. */
const CONSTANT_ARRAY = /\bconst\s+([A-Za-z_$][\w$]*)\s*(?::[^=[\];]{0,200})?=\s*\[([^[\]]{0,5000})\]/g;
const ARRAY_ITEM = /(['"`])([A-Za-z_][\w.-]{2,100})\1/g;

/** `getSecret("SMTP_PASSWORD")`, `await settings.getSetting('OPENAI_API_KEY')`: an env-style key passed to a settings getter. */
const GETTER_KEY = /\b(?:get|read|load|fetch|resolve|require)\w*(?:Setting|Secret)s?\s*\(\s*(['"`])([A-Z][A-Z0-9_]{2,100})\1/g;

/** Lowercase letters and digits only: `INFRA_CONFIG`, `InfraConfig` and `infraConfig` meet. */
function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The secret-looking keys of each store found in `texts` (store name -> keys, in first-seen order). */
export function findKeyValueKeys(stores: readonly KeyValueStoreRef[], texts: Iterable<string>): Map<string, string[]> {
  const found = new Map<string, Set<string>>(stores.map((store) => [store.name, new Set<string>()]));
  const prefixes = stores.map((store) => ({ store, prefix: normalised(store.name) }));
  // A literal key in a call on the delegate: `infraConfig.update({ where: { name: "SMTP_PASSWORD" } ...`.
  const literalKey = new Map(
    stores.map((store) => [store.name, new RegExp(String.raw`\b${store.delegate}\s*\.\s*\w+\s*\(\s*\{[^;]{0,300}?\b${store.keyColumn}\s*:\s*(['"\x60])([A-Za-z_][\w.-]{2,100})\1`, "g")]),
  );
  // With one key-value store, the keys its getters are called with are its keys (several: whose, unknown).
  const only = stores.length === 1 ? found.get(stores[0]!.name)! : undefined;
  for (const text of texts) {
    if (only) for (const match of text.matchAll(GETTER_KEY)) if (looksLikeSecretName(match[2]!)) only.add(match[2]!);
    // A cheap pre-filter: nothing here is named after a store, nor names its delegate.
    const folded = text.toLowerCase().replace(/_/g, "");
    if (!prefixes.some(({ prefix }) => folded.includes(prefix)) && !stores.some((store) => text.includes(store.delegate))) continue;
    for (const { store, prefix } of prefixes) {
      const keys = found.get(store.name)!;
      for (const match of text.matchAll(ENUM)) {
        if (!normalised(match[1]!).startsWith(prefix)) continue;
        for (const member of match[2]!.matchAll(ENUM_MEMBER)) {
          const key = member[3] ?? member[1]!;
          if (key && looksLikeSecretName(key)) keys.add(key);
        }
      }
      for (const match of text.matchAll(CONSTANT)) {
        if (normalised(match[1]!).startsWith(prefix) && looksLikeSecretName(match[3]!)) keys.add(match[3]!);
      }
      for (const match of text.matchAll(CONSTANT_ARRAY)) {
        if (!normalised(match[1]!).startsWith(prefix)) continue;
        for (const item of match[2]!.matchAll(ARRAY_ITEM)) if (looksLikeSecretName(item[2]!)) keys.add(item[2]!);
      }
      for (const match of text.matchAll(CONSTANT_OBJECT)) {
        if (!normalised(match[1]!).startsWith(prefix)) continue;
        for (const member of match[2]!.matchAll(OBJECT_MEMBER)) if (looksLikeSecretName(member[3]!)) keys.add(member[3]!);
      }
      if (text.includes(store.delegate)) {
        for (const match of text.matchAll(literalKey.get(store.name)!)) if (looksLikeSecretName(match[2]!)) keys.add(match[2]!);
      }
    }
  }
  return new Map([...found].map(([name, keys]) => [name, [...keys]]));
}
