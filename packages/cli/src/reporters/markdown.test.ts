import { describe, expect, it } from "vitest";
import { emptyReport, FINDINGS, sampleReport } from "../../test/sample-report.js";
import { markdown } from "./markdown.js";

describe("markdown", () => {
  it("renders totals and a table per category with links to the docs (golden file)", async () => {
    await expect(markdown(sampleReport())).toMatchFileSnapshot("../../test/golden/markdown.md");
  });

  it("reports a clean run in one line", () => {
    expect(markdown(emptyReport())).toBe(
      "## Architecture Guardrails\n\n:white_check_mark: **No guardrail problems** (7 files analysed in 12 ms).\n",
    );
  });

  it("puts paths and code in code spans and escapes the rest of a message", () => {
    const text = markdown(sampleReport());
    // The message with a pipe and backticks stays in its cell: every table row has 4 cells.
    for (const line of text.split("\n").filter((row) => row.startsWith("| ") && !row.startsWith("| ---"))) {
      expect(line.replace(/\\\|/g, "").split("|").length - 2).toBe(4);
    }
    expect(text).toContain(
      "| error | `repo/apps/web/app/api/admin/[id]/route.ts:9:28` | The admin endpoint returns `smtpPassword` \\| the value itself; return presence and source status instead (secret: `smtpPassword`) |",
    );
  });

  it("collapses a category with more than 10 findings in <details>", () => {
    const many = Array.from({ length: 11 }, (_, index) => ({ ...FINDINGS[1]!, line: index + 1, alsoReportedBy: undefined }));
    const text = markdown(sampleReport({ findings: many }));
    expect(text).toContain("<details><summary>11 findings</summary>");
    expect(text).toContain("</details>");
    expect(markdown(sampleReport({ findings: many.slice(0, 10) }))).not.toContain("<details>");
  });

  it("lists baselined findings only with --verbose", () => {
    expect(markdown(sampleReport())).not.toContain("mail.ts");
    expect(markdown(sampleReport(), { verbose: true })).toContain("error (baselined)");
  });
});
