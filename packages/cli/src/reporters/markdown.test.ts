import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyReport, FINDINGS, INVENTORY, sampleReport } from "../../test/sample-report.js";
import { markdown } from "./markdown.js";

describe("markdown", () => {
  it("renders totals and a table per category with links to the docs (golden file)", async () => {
    await expect(markdown(sampleReport())).toMatchFileSnapshot("../../test/golden/markdown.md");
    // docs/reporters.md shows the golden file as it is.
    expect(readFileSync(new URL("../../../../docs/reporters.md", import.meta.url), "utf8")).toContain(markdown(sampleReport()));
  });

  it("reports a clean run in one line", () => {
    expect(markdown(emptyReport())).toBe(
      "## Architecture Guardrails\n\n:white_check_mark: **No guardrail problems** (7 files analysed in 12 ms).\n",
    );
  });

  it("puts paths and code in code spans and escapes the rest of a message", () => {
    const text = markdown(sampleReport());
    // The message with a pipe and backticks stays in its cell: every row has as many cells as its header.
    const cells = (row: string) => row.replace(/\\\|/g, "").split("|").length - 2;
    let header = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith("| ")) header = 0;
      else if (header === 0) header = cells(line);
      else expect(cells(line)).toBe(header);
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

  it("puts the secret inventory at the top: statuses not checked say so", () => {
    const unchecked = INVENTORY.map((entry) => ({ ...entry, clearedByCleanup: null, namedByUi: null }));
    const text = markdown(sampleReport({ inventory: unchecked }));
    expect(text.indexOf("### Secret inventory")).toBeLessThan(text.indexOf("### secret-settings-write"));
    expect(text).toContain(
      "| `openaiApiKey` | `OPENAI_API_KEY` or `AZURE_OPENAI_API_KEY` | :warning: nowhere | :x: 1 place | :white_check_mark: no | :white_check_mark: no | :white_check_mark: no | not checked | not checked |\n",
    );
    expect(markdown(sampleReport({ inventory: undefined }))).not.toContain("Secret inventory");
  });

  it("says what was checked in one line, also for a discovered registry", () => {
    const registry = { source: "discovery", settingsModels: ["SystemSettings", "MailConfig"], schemas: ["prisma/schema.prisma", "src/db/schema.ts"], secrets: [{ secret: "smtpPassword", env: ["SMTP_PASSWORD"] }] } as const;
    expect(markdown(sampleReport({ registry }))).toContain(
      "\nChecked 1 secret of `SystemSettings`, `MailConfig` (discovered from `prisma/schema.prisma`, `src/db/schema.ts`): `smtpPassword` (`SMTP_PASSWORD`).\n",
    );
    expect(markdown(sampleReport({ registry: { ...registry, config: "config/a|b.json" } }))).toContain(
      "(discovered from `prisma/schema.prisma`, `src/db/schema.ts`; config `config/a|b.json`)",
    );
    // Without the schema files (a report of an older version merged in): where from, in words.
    expect(markdown(sampleReport({ registry: { ...registry, schemas: undefined } }))).toContain("(discovered from the schemas)");
  });

  it("writes the names and paths of the registry and the inventory as code spans (escape.ts)", () => {
    // A merged report may come from elsewhere: nothing in it can render a link, an image or HTML.
    const hostile = "a`b](https://evil.example)<img src=x>|\u202e";
    const registry = { source: "config", config: hostile, settingsModels: [hostile], secrets: [{ secret: hostile, env: [hostile] }] } as const;
    const inventory = [{ ...INVENTORY[0]!, secret: hostile, env: [hostile], declaredIn: [hostile] }];
    const text = markdown(sampleReport({ registry, inventory }));
    const span = "``a`b](https://evil.example)<img src=x>|\\u202e``";
    const cellSpan = "``a`b](https://evil.example)<img src=x>\\|\\u202e``";
    expect(text).toContain(`Checked 1 secret of ${span} (from ${span}): ${span} (${span}).`);
    expect(text).toContain(`| ${cellSpan} | ${cellSpan} | :white_check_mark: ${cellSpan} |`);
    expect(text).not.toContain("\u202e");
  });

  it("lists baselined findings only with --verbose", () => {
    expect(markdown(sampleReport())).not.toContain("mail.ts");
    expect(markdown(sampleReport(), { verbose: true })).toContain("error (baselined)");
  });
});
