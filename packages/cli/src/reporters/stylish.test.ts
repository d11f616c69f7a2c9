import { describe, expect, it } from "vitest";
import { emptyReport, sampleReport } from "../../test/sample-report.js";
import { stylish } from "./stylish.js";

describe("stylish", () => {
  it("groups findings by file, aligns columns and ends with a summary (golden file)", async () => {
    await expect(stylish(sampleReport())).toMatchFileSnapshot("../../test/golden/stylish.txt");
  });

  it("shows baselined findings and says so with --verbose (golden file)", async () => {
    await expect(stylish(sampleReport(), { verbose: true })).toMatchFileSnapshot("../../test/golden/stylish-verbose.txt");
  });

  it("prints a one-line success for a clean report", () => {
    expect(stylish(emptyReport())).toBe("✔ No guardrail problems in 7 files (12 ms)\n");
  });

  it("uses ANSI colours only when asked", () => {
    const plain = stylish(sampleReport());
    const coloured = stylish(sampleReport(), { color: true });
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31merror\u001b[0m");
    expect(coloured).toContain("\u001b[4mrepo/packages/api/src/router/settings.ts\u001b[0m");
    expect(coloured.replace(/\u001b\[[\d;]*m/g, "")).toBe(plain);
  });

  it("prints paths from where the tool ran: ROOT joined with the file", () => {
    expect(stylish(sampleReport({ root: "." }))).toMatch(/^packages\/api\/src\/router\/settings\.ts$/m);
    expect(stylish(sampleReport({ root: "fixtures/x/" }))).toMatch(/^fixtures\/x\/packages\/api\/src\/router\/settings\.ts$/m);
  });
});
