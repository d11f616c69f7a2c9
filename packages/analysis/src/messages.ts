/**
 * The messages of every finding the engine reports, by category. The ESLint rules and the checker's
 * checks take their `messages` from here, so the editor and CI say the same thing at the same place.
 * Messages name code by identifiers and registry names only; never a value, never source text.
 */
export const WRITE_MESSAGES = {
  secretWrite:
    "'{{secret}}' is written into the settings table '{{model}}'. Runtime secrets come from the environment ({{envVar}}); drop the field from this write (setting it to null to clear a legacy value is allowed).",
  secretWriteThroughHelper:
    "'{{secret}}' is passed to '{{helper}}', which writes it into the settings table '{{model}}'. Runtime secrets come from the environment ({{envVar}}); do not pass it (setting it to null to clear a legacy value is allowed).",
  encryptedSecretWrite:
    "'{{secret}}' is written into the settings table '{{model}}', encrypted. An encrypted copy is still a copy: runtime secrets come from the environment ({{envVar}}); drop the field from this write.",
  unfilteredInput:
    "Unfiltered request input that can hold {{secrets}} is written into the settings table '{{model}}'. Runtime secrets come from the environment ({{envVars}}); write only the non-secret fields (destructure the secrets away or use a schema without them).",
  unprovableKeys:
    "The keys written into the settings table '{{model}}' here cannot be resolved statically, so they cannot be proven free of runtime secrets ({{secrets}}). Write the settings fields with static keys and leave the secrets to the environment.",
  unprovableKey:
    "The setting key written into the settings table '{{model}}' here cannot be resolved statically and its value comes from request input, so it may be a runtime secret ({{secrets}}). Accept only known non-secret keys, and leave the secrets to the environment.",
  secretSqlWrite:
    "Raw SQL writes {{secrets}} into the settings table '{{model}}'. Runtime secrets come from the environment ({{envVars}}); drop the column from this statement (SET it to NULL to clear a legacy value is allowed).",
  unprovableSqlColumn:
    "Raw SQL writes a column chosen at run time into the settings table '{{model}}', so it may be a runtime secret ({{secrets}}). Name the columns in the statement and leave the secrets to the environment.",
} as const;

export const DECISION_MESSAGES = {
  dbBeforeEnv:
    "The legacy database value of '{{secret}}' wins over {{envVar}}. Read the environment first and fall back to the database: `process.env.{{envVar}} ?? <db value>`.",
  envOnlyDestructuringDefault:
    "'{{secret}}' is destructured from a database row with {{envVar}} only as its default, so the legacy database value wins. Read the environment first: `const {{secret}} = process.env.{{envVar}} ?? <row>.{{secret}}`.",
  dbOnlySecret:
    "'{{secret}}' is used straight from the database; its environment variable {{envVar}} is never read. Resolve it from the environment first: `process.env.{{envVar}} ?? <db value>`.",
} as const;

export const RESPONSE_MESSAGES = {
  rawSecretResponse:
    "Admin endpoint returns the value of '{{secret}}'. Return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
  wholeRowResponse:
    "Admin endpoint returns a settings row that still carries {{secrets}}. Select or copy only non-secret fields and return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
  anyKeyResponse:
    "Admin endpoint returns {{model}} values read by keys it does not fix, so they include the secrets {{secrets}}. Return only known non-secret keys, and presence and source for the secrets (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
  jsonValueResponse:
    "Admin endpoint returns the Json value '{{path}}' of {{model}}, which carries {{secrets}}. Return only its non-secret properties, and presence and source for the secrets (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
  selectedSecretResponse:
    "Admin endpoint selects '{{secret}}' and returns its value. Remove it from the `select` and return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
} as const;

export const ADMIN_INPUT_MESSAGES = {
  secretInAdminInput:
    "The input of the admin endpoint '{{endpoint}}' accepts {{key}} and the handler writes it into the settings table '{{model}}'. Admin settings updates must ignore incoming secret payloads ({{envVars}} is the source): remove the key from the schema, or destructure it away before writing.",
} as const;

export const SUGGESTION_MESSAGES = {
  removeSecretProperty: "Remove '{{secret}}' from this write.",
  suggestPresenceFlag: "Return the presence flag `{{flag}}: Boolean(...)` instead of the value.",
  suggestEnvFirst: "Read {{envVar}} first: swap the two operands.",
} as const;

export type WriteMessageId = keyof typeof WRITE_MESSAGES;
export type DecisionMessageId = keyof typeof DECISION_MESSAGES;
export type ResponseMessageId = keyof typeof RESPONSE_MESSAGES;
export type AdminInputMessageId = keyof typeof ADMIN_INPUT_MESSAGES;
export type SuggestionMessageId = keyof typeof SUGGESTION_MESSAGES;
export type MessageId = WriteMessageId | DecisionMessageId | ResponseMessageId | AdminInputMessageId;
