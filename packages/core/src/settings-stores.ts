/**
 * Which models hold runtime settings, and in what shape. A single-row store keeps one column per
 * setting (`SystemSettings.smtpPassword`); a key-value store keeps one row per setting, the setting
 * named by a key column (`InfraConfig { name, value }`, `Property { key, value }`).
 *
 * Without configuration a model is a settings store when its shape says so, not its name alone: a
 * per-user `Settings` model (a relation to a user) or a `ScoreConfig` without a secret is not one.
 */
import type { PrismaField, PrismaModel } from "./prisma-schema.js";
import { looksLikeSecretName } from "./secret-name.js";

export interface StoreShape {
  readonly kind: "row" | "key-value";
  /** Key-value stores: the column naming the setting and the one holding its value. */
  readonly keyColumn?: string;
  readonly valueColumn?: string;
}

const SETTINGS_NAME = /(?:Settings?|Config|Configuration|Configs|Properties|Property|Options?|Preferences?|Parameters?|KeyValues?|Variables?)$/;
const KEY_COLUMN = /^(?:key|name|setting|settingKey|settingName|configKey|configName|property|propertyKey|option|optionName|code|slug)$/;
const VALUE_COLUMN = /^(?:value|val|data|json|content|settingValue|configValue|propertyValue)$/;
/** Columns that tie a row to one user, tenant or account: the model is not app-wide settings. */
const OWNER_COLUMN = /^(?:user|owner|account|member|profile|customer)(?:Id|Uid|_id)?$/i;
const STRING_TYPES = new Set(["String", "Json", "Bytes"]);
const SCALAR_TYPES = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

/** The shape of a model as a settings store: key-value when it has a key column and a value column. */
export function storeShape(model: PrismaModel | undefined): StoreShape {
  if (!model) return { kind: "row" };
  const scalars = model.fields.filter((field) => !field.list);
  const key = scalars.find((field) => KEY_COLUMN.test(field.name) && field.unique && (field.type === "String" || field.enumValues !== undefined));
  const value = scalars.find((field) => VALUE_COLUMN.test(field.name) && STRING_TYPES.has(field.type));
  if (key && value && scalars.length <= 10) return { kind: "key-value", keyColumn: key.name, valueColumn: value.name };
  return { kind: "row" };
}

/**
 * The settings models of a schema when the config names none: `SystemSettings` when there is one,
 * else every app-wide model whose name says settings and that holds secret-looking columns, and
 * every key-value shaped one whose name says settings (or whose enum of keys names secrets).
 */
export function discoverSettingsModels(models: readonly PrismaModel[], isSecretColumn: (field: PrismaField) => boolean): string[] {
  if (models.some((model) => model.name === "SystemSettings")) return ["SystemSettings"];
  const modelNames = new Set(models.map((model) => model.name));
  const found: string[] = [];
  for (const model of models) {
    if (!isAppWide(model, modelNames)) continue;
    const shape = storeShape(model);
    if (shape.kind === "key-value") {
      const key = model.fields.find((field) => field.name === shape.keyColumn);
      const secretKeys = (key?.enumValues ?? []).some((value) => looksLikeSecretName(value));
      if (SETTINGS_NAME.test(model.name) || secretKeys) found.push(model.name);
      continue;
    }
    if (SETTINGS_NAME.test(model.name) && model.fields.some((field) => isSecretColumn(field))) found.push(model.name);
  }
  return found;
}

/** No relation to another model and no owner column: one set of settings for the whole application. */
function isAppWide(model: PrismaModel, modelNames: ReadonlySet<string>): boolean {
  return model.fields.every((field) => {
    if (OWNER_COLUMN.test(field.name)) return false;
    if (modelNames.has(field.type)) return /^updated|^created/i.test(field.name);
    return SCALAR_TYPES.has(field.type) || field.enumValues !== undefined || !/^[A-Z]/.test(field.type);
  });
}
