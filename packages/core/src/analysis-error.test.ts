import { describe, expect, it } from "vitest";
import { analysisErrorFinding } from "./analysis-error.js";

describe("analysisErrorFinding", () => {
  it("builds an analysis-error finding of the checker at line 1 by default", () => {
    expect(analysisErrorFinding({ file: "src/x.ts", reason: "not valid UTF-8" })).toEqual({
      ruleId: "secret-guardrails/analysis-error",
      category: "analysis-error",
      engine: "checker",
      severity: "error",
      file: "src/x.ts",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: "Cannot analyse this file: not valid UTF-8. Fix or exclude it; a file that is not analysed is never a silent pass.",
    });
  });
});
