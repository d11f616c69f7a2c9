/**
 * One bad file never hides the others, even when the bad thing is our own bug: the value-flow
 * engine throwing on one file becomes an analysis-error for that file, and the run goes on.
 */
import { describe, expect, it, vi } from "vitest";
import { baseFiles, secretWrite } from "../helpers.js";
import { brief, checkJson, makeRepo } from "./support.js";

vi.mock("@secret-guardrails/analysis", async (importOriginal) => {
  const actual = (await importOriginal()) as typeof import("@secret-guardrails/analysis");
  class CrashingAnalysis extends actual.Analysis {
    override analyzeFile(...args: Parameters<InstanceType<typeof actual.Analysis>["analyzeFile"]>) {
      if (args[0].fileName.includes("crash-")) throw new TypeError('Cannot read properties of undefined (reading "sk-live-do-not-print")');
      return super.analyzeFile(...args);
    }
  }
  return { ...actual, Analysis: CrashingAnalysis };
});

describe("the engine throwing on one file", () => {
  it("is an analysis-error for that file, the secret in its message redacted; the other files are still checked", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "src/crash-a.ts": secretWrite(), "src/crash-b.ts": secretWrite() }));
    const report = await checkJson(root);
    expect(brief(report)).toEqual(["src/crash-a.ts analysis-error 1:1", "src/crash-b.ts analysis-error 1:1", "src/settings.ts secret-settings-write 4:68"]);
    for (const crash of report.findings.filter((finding) => finding.category === "analysis-error")) {
      expect(crash).toMatchObject({ engine: "checker", severity: "error" });
      expect(crash.message).toBe(
        'Cannot analyse this file: the value-flow analysis failed on it (Cannot read properties of undefined (reading "[redacted]")); this is a bug in Secret Guardrails, please report it. Fix or exclude it; a file that is not analysed is never a silent pass.',
      );
    }
  });
});
