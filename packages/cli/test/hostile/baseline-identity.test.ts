/**
 * A baseline never hides a new violation: findings on identical lines (an upsert's `create` and
 * `update`) have distinct identities, so fixing one and adding another elsewhere is not a wash;
 * and a finding has one identity whichever engine reports it, so every `--shard` run with the
 * full run's baseline matches exactly what the full run matched (nothing new, nothing fixed), and
 * so does the merge of the shards.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report.js";
import { baseFiles } from "../helpers.js";
import { FIXTURES, makeRepo, run } from "./support.js";

const UPSERT = `import { prisma } from "./db";

export async function save(value: string) {
  await prisma.systemSettings.upsert({
    where: { id: "s" },
    create: {
      smtpPassword: value,
    },
    update: {
      smtpPassword: value,
    },
  });
}
`;

async function json(args: readonly string[]): Promise<{ code: number; report: Report }> {
  const result = await run([...args, "--format", "json"]);
  expect(result.stderr.replace(/^guardrails: wrote .* entries\)\n$/, "")).toBe("");
  return { code: result.code, report: JSON.parse(result.stdout) as Report };
}

function brief(report: Report): string[] {
  return report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.category}${finding.baselined ? " baselined" : ""}`);
}

describe("identical lines have distinct identities", () => {
  it("fixing the update's write and adding the same line in another function fails the run", async () => {
    const root = makeRepo(baseFiles({ "src/upsert.ts": UPSERT }));
    const baseline = join(root, "baseline.json");
    const written = await json(["check", root, "--baseline", baseline, "--update-baseline"]);
    expect(written.code).toBe(0);
    expect(brief(written.report)).toEqual(["src/upsert.ts:7 secret-settings-write baselined", "src/upsert.ts:10 secret-settings-write baselined"]);
    expect(new Set(written.report.findings.map((finding) => finding.fingerprint)).size).toBe(2);

    writeFileSync(
      join(root, "src/upsert.ts"),
      UPSERT.replace("    update: {\n      smtpPassword: value,\n    },", "    update: {},").concat(`
export async function rotate(value: string) {
  await prisma.systemSettings.update({
    where: { id: "s" },
    data: {
      smtpPassword: value,
    },
  });
}
`),
    );
    const after = await json(["check", root, "--baseline", baseline]);
    expect(after.code).toBe(1);
    expect(brief(after.report)).toEqual(["src/upsert.ts:7 secret-settings-write baselined", "src/upsert.ts:17 secret-settings-write"]);
    expect(after.report.summary).toMatchObject({ errors: 1, baselined: 1, fixedBaselineEntries: 1 });
    expect(after.report.fixedBaselineEntries).toEqual([expect.objectContaining({ file: "src/upsert.ts", category: "secret-settings-write", occurrence: 0 })]);
  });

  it("moving the upsert down and re-indenting it keeps both identities", async () => {
    const root = makeRepo(baseFiles({ "src/upsert.ts": UPSERT }));
    const baseline = join(root, "baseline.json");
    await json(["check", root, "--baseline", baseline, "--update-baseline"]);
    writeFileSync(join(root, "src/upsert.ts"), `// moved\n\n${UPSERT.replace(/^ {2}/gm, "\t")}`);
    const after = await json(["check", root, "--baseline", baseline]);
    expect(after.code).toBe(0);
    expect(after.report.summary).toMatchObject({ errors: 0, baselined: 2, fixedBaselineEntries: 0 });
  });

  it("two writes on one line are two identities", async () => {
    const oneLine = `import { prisma } from "./db";\nexport const save = (v: string) => prisma.systemSettings.upsert({ where: { id: "s" }, create: { smtpPassword: v }, update: { smtpPassword: v } });\n`;
    const root = makeRepo(baseFiles({ "src/upsert.ts": oneLine }));
    const { report } = await json(["check", root]);
    const prints = report.findings.filter((finding) => finding.file === "src/upsert.ts").map((finding) => finding.fingerprint!.replace(/^[0-9a-f]+/, "h"));
    expect(prints).toEqual(["h:0", "h:1"]);
  });

  it("a version 1 baseline (fingerprints without context) is refused with what to do", async () => {
    const root = makeRepo(baseFiles({ "src/upsert.ts": UPSERT }));
    writeFileSync(join(root, "old.json"), JSON.stringify({ version: 1, entries: [] }));
    const result = await run(["check", root, "--baseline", join(root, "old.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `guardrails: ${join(root, "old.json")}: is a version 1 baseline, whose fingerprints could not tell identical lines apart; write it again with --update-baseline (version 2)\n`,
    );
  });
});

describe("--shard with --baseline matches exactly as a full run does", () => {
  // nexus-sample has findings of both engines in many files, and helper writes that the checker
  // reports at their call sites (ESLint, seeing only the helper, reports inside it).
  const root = makeRepo({});
  cpSync(join(FIXTURES, "nexus-sample"), root, { recursive: true });
  const baseline = join(root, "baseline.json");

  it.each([2, 3, 4])("every shard of %i, and their merge", async (count) => {
    const full = await json(["check", root, "--baseline", baseline, "--update-baseline"]);
    const failing = full.report.findings.filter((finding) => !finding.baselined);
    // Only analysis errors (never baselined) fail the full run.
    expect(failing.every((finding) => finding.category === "analysis-error")).toBe(true);
    expect(full.report.summary.baselined).toBeGreaterThanOrEqual(10);

    const out = makeRepo({});
    const reports: string[] = [];
    for (let index = 1; index <= count; index++) {
      const file = join(out, `shard-${index}.json`);
      reports.push(file);
      const result = await run(["check", root, "--shard", `${index}/${count}`, "--baseline", baseline, "--format", "json", "--output", file]);
      const report = JSON.parse(readFileSync(file, "utf8")) as Report;
      // Nothing new (what fails is an analysis error of the full run) and nothing fixed.
      expect(report.findings.filter((finding) => !finding.baselined && finding.category !== "analysis-error")).toEqual([]);
      expect(report.summary.fixedBaselineEntries).toBe(0);
      expect(result.code).toBe(report.summary.errors > 0 ? 1 : 0);
    }
    const merged = await json(["merge", ...reports, "--baseline", baseline]);
    expect(merged.report.summary).toMatchObject({
      errors: full.report.summary.errors,
      baselined: full.report.summary.baselined,
      fixedBaselineEntries: 0,
    });
    expect(brief(merged.report)).toEqual(brief(full.report));
  });
});
