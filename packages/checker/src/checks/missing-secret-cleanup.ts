// PLACEHOLDER: being implemented by the checker-flow helper; replaced wholesale.
import { defineCheck } from "../check.js";

export default defineCheck({
  id: "missing-secret-cleanup",
  meta: {
    description: "Disallow to leave legacy secrets without a cleanup action",
    category: "missing-secret-cleanup",
    defaultSeverity: "error",
    messages: { placeholder: "not implemented" },
  },
  run() {},
});
