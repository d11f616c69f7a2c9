// PLACEHOLDER: being implemented by the checker-flow helper; replaced wholesale.
import { defineCheck } from "../check.js";

export default defineCheck({
  id: "secret-settings-write",
  meta: {
    description: "Disallow to write a secret into a settings model",
    category: "secret-settings-write",
    defaultSeverity: "error",
    messages: { placeholder: "not implemented" },
  },
  run() {},
});
