/**
 * Robust to evasion: writes into a settings model whose keys cannot be resolved statically are
 * reported, end to end through the CLI, with a message saying the keys could not be proven safe
 * (fixtures/hostile/evasion; both drivers of the one engine report them, the report keeps one).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles } from "../helpers.js";
import { checkJson, FIXTURES, makeRepo } from "./support.js";

const UNPROVABLE = /(could not|cannot) be proven (safe|free of runtime secrets)/;

describe("writes with keys that cannot be resolved statically", () => {
  it("are each reported at the write, saying the keys could not be proven safe", async () => {
    const report = await checkJson(join(FIXTURES, "hostile/evasion"));
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.category}`)).toEqual([
      "pages/api/admin/settings.ts:5:78 secret-settings-write", // req.body (any)
      "src/aliases.ts:6:55 secret-settings-write", // alias of the delegate, { [key]: value }
      "src/aliases.ts:7:69 secret-settings-write", // prisma["systemSettings"], Object.fromEntries
      "src/aliases.ts:10:5 secret-settings-write", // transaction client, data[key]
      "src/any-body.ts:6:66 secret-settings-write", // await request.json() typed any
      "src/computed-key.ts:6:3 secret-settings-write", // data[key] = value
      "src/computed-property.ts:5:68 secret-settings-write", // { [key]: value }
      "src/entries-loop.ts:6:53 secret-settings-write", // for (const [key, value] of Object.entries(input))
      "src/from-entries.ts:5:66 secret-settings-write", // Object.fromEntries(entries)
      "src/object-assign.ts:5:52 secret-settings-write", // Object.assign({...}, await request.json())
      "src/reflect-indirect.ts:8:3 secret-settings-write", // Reflect.set(data, fieldOf(name), value)
      "src/reflect-set.ts:6:3 secret-settings-write", // Reflect.set(data, name, value)
      "src/spread-any.ts:6:86 secret-settings-write", // { ...JSON.parse(raw) }
    ]);
    for (const finding of report.findings) {
      expect(finding.severity).toBe("error");
      expect(finding.message).toMatch(UNPROVABLE);
      // The message names the secrets at stake, never a value.
      expect(finding.message).toContain("'smtpPassword', 'openaiApiKey'");
    }
    // One engine runs in both drivers: each place is reported once, by whichever the merge keeps.
    for (const finding of report.findings) expect(["eslint", "checker"]).toContain(finding.engine);
  });
});

describe("inline ESLint directives", () => {
  // The ESLint engine honours them (a reviewed exception is visible in the code), but the checker
  // engine does not read them: the same problems are still reported and the run still fails.
  it("do not silence the guardrail: the checker still reports writes, returns and DB-first reads", async () => {
    const root = makeRepo(
      baseFiles({
        "src/write.ts": `import { prisma } from "./db";
export async function save(key: string, value: string) {
  // eslint-disable-next-line secret-guardrails/no-secret-settings-write
  await prisma.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: value } });
  /* eslint-disable */
  await prisma.systemSettings.update({ where: { id: "s" }, data: { [key]: value } });
}
`,
        "app/api/admin/settings/route.ts": `/* eslint-disable secret-guardrails/no-raw-secret-in-admin-response */
import { prisma } from "../../../../src/db";
export async function GET() {
  const row = await prisma.systemSettings.findFirst();
  return Response.json({ smtpPassword: row?.smtpPassword });
}
`,
        "src/mail.ts": `// eslint-disable-next-line
import { prisma } from "./db";
/* eslint secret-guardrails/env-first-secret-resolution: "off" */
export async function password() {
  const row = await prisma.systemSettings.findFirst();
  return row?.smtpPassword ?? process.env.SMTP_PASSWORD;
}
`,
      }),
    );
    const report = await checkJson(root);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.category}`)).toEqual([
      "app/api/admin/settings/route.ts:5:26 raw-secret-response",
      "src/mail.ts:6:10 db-before-env",
      "src/write.ts:4:68 secret-settings-write",
      "src/write.ts:6:68 secret-settings-write",
    ]);
    expect(report.summary.errors).toBe(4);
  });
});
