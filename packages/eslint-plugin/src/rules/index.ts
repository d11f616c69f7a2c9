import envFirstSecretResolution from "./env-first-secret-resolution.js";
import noRawSecretInAdminResponse from "./no-raw-secret-in-admin-response.js";
import noSecretInAdminInput from "./no-secret-in-admin-input.js";
import noSecretSettingsWrite from "./no-secret-settings-write.js";

export const rules = {
  "env-first-secret-resolution": envFirstSecretResolution,
  "no-raw-secret-in-admin-response": noRawSecretInAdminResponse,
  "no-secret-in-admin-input": noSecretInAdminInput,
  "no-secret-settings-write": noSecretSettingsWrite,
};
