// PLACEHOLDER: being implemented by the checker-flow helper; replaced wholesale.
import { defineCheck } from "../check.js";

export default defineCheck({
  id: "secret-in-admin-input",
  meta: {
    description: "Disallow to accept a secret in an admin update input",
    category: "secret-in-admin-input",
    defaultSeverity: "error",
    messages: { placeholder: "not implemented" },
  },
  run() {},
});
