// PLACEHOLDER: being implemented by the checker-flow helper; replaced wholesale.
import { defineCheck } from "../check.js";

export default defineCheck({
  id: "db-before-env",
  meta: {
    description: "Disallow to resolve a secret from the database before its environment variable",
    category: "db-before-env",
    defaultSeverity: "error",
    messages: { placeholder: "not implemented" },
  },
  run() {},
});
