// PLACEHOLDER: being implemented by the checker-flow helper; replaced wholesale.
import { defineCheck } from "../check.js";

export default defineCheck({
  id: "raw-secret-response",
  meta: {
    description: "Disallow to return a secret value from an admin endpoint",
    category: "raw-secret-response",
    defaultSeverity: "error",
    messages: { placeholder: "not implemented" },
  },
  run() {},
});
