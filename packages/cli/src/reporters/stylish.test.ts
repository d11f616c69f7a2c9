import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyReport, INVENTORY, sampleReport } from "../../test/sample-report.js";
import { stylish } from "./stylish.js";

describe("stylish", () => {
  it("groups findings by file, aligns columns and ends with a summary (golden file)", async () => {
    await expect(stylish(sampleReport())).toMatchFileSnapshot("../../test/golden/stylish.txt");
    // docs/reporters.md shows the golden file as it is.
    expect(readFileSync(new URL("../../../../docs/reporters.md", import.meta.url), "utf8")).toContain(stylish(sampleReport()));
  });

  it("shows baselined findings and says so with --verbose (golden file)", async () => {
    await expect(stylish(sampleReport(), { verbose: true })).toMatchFileSnapshot("../../test/golden/stylish-verbose.txt");
  });

  it("prints a one-line success for a clean report (and what it checked)", () => {
    expect(stylish(emptyReport())).toBe("✔ No guardrail problems (7 files analysed in 12 ms)\n");
    const registry = { source: "discovery", settingsModels: ["SystemSettings"], schemas: ["prisma/schema.prisma"], secrets: [{ secret: "smtpPassword", env: ["SMTP_PASSWORD"] }] } as const;
    const inventory = [{ ...INVENTORY[0]!, writtenToSettings: 0, readDbFirst: 0, returnedByAdmin: 0 }];
    expect(stylish({ ...emptyReport(), registry, inventory })).toBe(
      [
        "✔ No guardrail problems (7 files analysed in 12 ms)",
        "  Checked 1 secret of SystemSettings (discovered from prisma/schema.prisma): smtpPassword (SMTP_PASSWORD)",
        "  Secret inventory: 1 secret, all declared as env vars and kept out of the settings table",
        "",
      ].join("\n"),
    );
  });

  it("escapes the names and the config path of the registry line (escape.ts)", () => {
    // A merged report may come from elsewhere: no name can end the line, move the cursor or reorder text.
    const hostile = "x\n::error::y\u001b[2J\u202e";
    const registry = { source: "config", config: hostile, settingsModels: [hostile], secrets: [{ secret: hostile, env: [hostile] }] } as const;
    const text = stylish({ ...emptyReport(), registry });
    const shown = "x\\n::error::y\\x1b[2J\\u202e";
    expect(text).toBe(`✔ No guardrail problems (7 files analysed in 12 ms)\n  Checked 1 secret of ${shown} (from ${shown}): ${shown} (${shown})\n`);
  });

  it("counts the files with problems apart from the files analysed", () => {
    const findings = sampleReport().findings.filter((finding) => finding.file === "packages/api/src/router/settings.ts");
    const report = sampleReport({ findings, summary: { errors: 2, warnings: 0, filesAnalyzed: 27, durationMs: 1500 } });
    expect(stylish(report)).toContain("\n✖ 2 problems (2 errors, 0 warnings) in 1 file (27 files analysed in 1.5 s)\n");
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
