/**
 * Evidence from names, for what the engine cannot see: an object from another module (in the
 * editor), an untyped parameter. A name is never the only way in: anything the engine can follow
 * (a settings delegate read, a typed parameter, a caller passing a row) decides first.
 */
import type { SecretRegistry } from "@secret-guardrails/core";

const SETTINGS_WORDS = /settings?|config|legacy|stored|record|persisted|saved/i;
/** `row`, `settingsRow`, `legacyRow` (case-sensitive, so `arrow` is not one). */
const ROW_NAME = /^rows?$|[a-z]Rows?$|^entry$|^existing$|^current$/;

/** Names that hold a caller's options, request input or the environment: never a settings row. */
const NON_ROW_NAMES =
  /^(?:opts|options|props|overrides|defaults|input|body|args|payload|values|params|form|formData|req|request|parsed|patch|changes|update|dto|env|environment|process|query|variables|credentials|auth)$/i;

export function isNameOfSettings(name: string, registry: SecretRegistry): boolean {
  if (name === "") return false;
  if (SETTINGS_WORDS.test(name) || ROW_NAME.test(name)) return true;
  return registry.settingsModels.some((model) => model.name === name || model.delegate === name);
}

/** `ClientOptions`, `mailerOpts`, `RequestBody`, `UpdateSettingsInput`, `SettingsDto`: shapes of callers' options and input. */
const NON_ROW_SUFFIX = /(?:Opts|Options|Props|Params|Args|Arguments|Input|Inputs|Dto|DTO|Body|Payload|Request|Overrides|Defaults|Env)$/;

export function isNameOfNonRow(name: string): boolean {
  return NON_ROW_NAMES.test(name) || NON_ROW_SUFFIX.test(name);
}

/** Does a type's text name a settings model (`Pick<SystemSettings, "x">`, `AiSettings`)? */
export function typeTextNamesSettings(text: string, registry: SecretRegistry): boolean {
  return SETTINGS_WORDS.test(text) || registry.settingsModels.some((model) => text.includes(model.name));
}
