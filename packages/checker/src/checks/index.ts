import type { Check } from "../check.js";
import dbBeforeEnv from "./db-before-env.js";
import missingEnvGuidance from "./missing-env-guidance.js";
import missingSecretCleanup from "./missing-secret-cleanup.js";
import rawSecretResponse from "./raw-secret-response.js";
import secretInAdminInput from "./secret-in-admin-input.js";
import secretSettingsWrite from "./secret-settings-write.js";
import unregisteredSecretField from "./unregistered-secret-field.js";

/** Every check of the architecture checker, by id. */
export const checks: readonly Check[] = [
  dbBeforeEnv,
  missingEnvGuidance,
  missingSecretCleanup,
  rawSecretResponse,
  secretInAdminInput,
  secretSettingsWrite,
  unregisteredSecretField,
];
