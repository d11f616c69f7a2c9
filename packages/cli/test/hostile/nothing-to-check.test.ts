/**
 * Nothing to check is not a pass: an empty registry is exit 2 saying what was looked for and how
 * to fix it, in every mode; the config is found at ROOT or the nearest directory above it (as the
 * ESLint plugin finds it); Prisma schemas are found where Prisma finds them (`package.json`
 * `prisma.schema`, the `schema` of `prisma.config.ts` read as text and never run, multi-file
 * folders); a registered secret or settings model that no schema has is exit 2 with a "did you mean".
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles, git, SCHEMA, secretWrite } from "../helpers.js";
import { brief, checkJson, makeRepo, run } from "./support.js";

const WRITE_AT = "secret-settings-write 4:68";
const FIX =
  'Register the runtime secrets in a guardrails.config.json at ROOT or above it, e.g. { "settingsModels": ["SystemSettings"], "secrets": { "smtpPassword": { "env": "SMTP_PASSWORD" } } }, or pass --config FILE (see docs/cli.md)';

async function expectExit2(args: readonly string[], stderr: string): Promise<void> {
  const result = await run(args);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`${stderr}\n`);
  expect(result.code).toBe(2);
}

const nothing = (what: string) => `guardrails: nothing to check: no secret is registered, so no guardrail would run: ${what}. ${FIX}`;

describe("an empty registry is exit 2 with what was looked for", () => {
  it("no config and no schema, in a full run, --shard, explicit files and --staged", async () => {
    const root = makeRepo({ "src/a.ts": secretWrite() });
    const message = nothing(
      `there is no guardrails.config.json in ${root} or a directory above it, so secrets are discovered from the Prisma schemas; no Prisma schema was found under ${root} (schema.prisma, prisma/schema/*.prisma, "prisma.schema" of a package.json, "schema" of a prisma.config.ts)`,
    );
    await expectExit2(["check", root], message);
    await expectExit2(["check", root, "--shard", "2/2"], message);
    await expectExit2(["check", root, join(root, "src/a.ts")], message);
    git(root, "init", "-q");
    git(root, "add", "-A");
    await expectExit2(["check", root, "--staged"], message);
  });

  it("a config whose secrets are empty", async () => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": '{ "secrets": {} }' }));
    await expectExit2(["check", root], nothing(`${join(root, "guardrails.config.json")} registers no secret ("secrets" is empty)`));
  });

  it("a schema without a settings model, and one whose settings model has no secret-looking field", async () => {
    const noSettings = makeRepo({ "prisma/schema.prisma": "model User {\n  id String @id\n  password String\n}\n", "src/a.ts": "export const a = 1;\n" });
    await expectExit2(
      ["check", noSettings],
      nothing(
        `there is no guardrails.config.json in ${noSettings} or a directory above it, so secrets are discovered from the Prisma schemas; the schemas found (prisma/schema.prisma) have no settings model (SystemSettings, or models named *Settings or *Config)`,
      ),
    );
    const noSecret = makeRepo({ "prisma/schema.prisma": "model SystemSettings {\n  id String @id\n  siteName String\n}\n", "src/a.ts": "export const a = 1;\n" });
    await expectExit2(
      ["check", noSecret],
      nothing(
        `there is no guardrails.config.json in ${noSecret} or a directory above it, so secrets are discovered from the Prisma schemas; the settings model SystemSettings (prisma/schema.prisma) has no field that looks like a secret (api key, password, secret, token, credential, private key...)`,
      ),
    );
  });
});

describe("the config is found at ROOT or the nearest directory above it", () => {
  it("a config above ROOT registers the secrets, its globs read from its own directory", async () => {
    const repo = makeRepo({
      "guardrails.config.json": JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } }, include: ["./apps/web/src/**/*.ts"] }),
      "apps/web/src/settings.ts": secretWrite(),
      "apps/web/scripts/seed.ts": secretWrite(),
    });
    const report = await checkJson(join(repo, "apps/web"));
    // Only what the config's include selects (src/, not scripts/).
    expect(brief(report).filter((line) => !line.includes("missing-secret-cleanup"))).toEqual([`src/settings.ts ${WRITE_AT}`]);
  });

  it("a config above ROOT whose include selects nothing under ROOT is exit 2", async () => {
    const repo = makeRepo({
      "guardrails.config.json": JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } }, include: ["packages/**/*.ts"] }),
      "apps/web/src/settings.ts": secretWrite(),
    });
    await expectExit2(
      ["check", join(repo, "apps/web")],
      `guardrails: invalid config: ${join(repo, "guardrails.config.json")}: "include" selects nothing under ${join(repo, "apps/web")}: the config is in a directory above it, and its globs are read from there (write them to cover ROOT, or check from the config's directory)`,
    );
  });
});

describe("Prisma schemas are found where Prisma finds them", () => {
  const schema = SCHEMA;

  it("package.json prisma.schema naming a file of another name", async () => {
    const root = makeRepo({ ...baseFiles({ "src/settings.ts": secretWrite() }), "package.json": JSON.stringify({ prisma: { schema: "db/main.prisma" } }), "db/main.prisma": schema });
    // baseFiles' prisma/schema.prisma would be found anyway: move it away.
    writeFileSync(join(root, "prisma/schema.prisma"), "// moved to db/main.prisma\n");
    expect(brief(await checkJson(root))).toEqual([`src/settings.ts ${WRITE_AT}`]);
  });

  it("prisma.config.ts naming a multi-file schema folder with path.join (read, never run)", async () => {
    const root = makeRepo({
      "prisma.config.ts": `import path from "node:path";\nimport { writeFileSync } from "node:fs";\nwriteFileSync("MARKER-prisma-config", "");\nexport default { schema: path.join("database", "models") };\n`,
      "database/models/settings.prisma": schema,
      "database/models/user.prisma": "model User {\n  id String @id\n}\n",
      "src/db.ts": "export const prisma: any = {};\n",
      "src/settings.ts": secretWrite(),
    });
    const report = await checkJson(root);
    expect(brief(report).filter((line) => !line.includes("missing-secret-cleanup"))).toEqual([`src/settings.ts ${WRITE_AT}`]);
    expect(existsSync(join(root, "MARKER-prisma-config"))).toBe(false);
  });

  it("a schema reference that cannot be followed is an analysis-error at the referring file", async () => {
    const root = makeRepo(
      baseFiles({
        "guardrails.config.json": JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }),
        "package.json": JSON.stringify({ name: "x", prisma: { schema: "db/missing.prisma" } }, null, 2),
        "tools/prisma.config.ts": "export default { schema: schemaPath() };\n",
        "other/package.json": JSON.stringify({ prisma: { schema: "../../outside.prisma" } }),
      }),
    );
    const report = await checkJson(root);
    const errors = report.findings.filter((finding) => finding.category === "analysis-error").map((finding) => `${finding.file}:${finding.line} ${finding.message}`);
    expect(errors).toEqual([
      'other/package.json:1 Cannot analyse this file: "prisma.schema" points outside ROOT: check the directory that holds both this file and the schema. Fix or exclude it; a file that is not analysed is never a silent pass.',
      'package.json:4 Cannot analyse this file: "prisma.schema" points to db/missing.prisma, which does not exist. Fix or exclude it; a file that is not analysed is never a silent pass.',
      'tools/prisma.config.ts:1 Cannot analyse this file: "schema" is not a string or a path.join/path.resolve of strings, and guardrails never runs the file: write the path as a string. Fix or exclude it; a file that is not analysed is never a silent pass.',
    ]);
  });
});

describe("a registered name that no settings model has is exit 2 with a did-you-mean", () => {
  const configured = (config: object) => makeRepo(baseFiles({ "guardrails.config.json": JSON.stringify(config), "src/settings.ts": secretWrite() }));

  it("a typo in a secret's field name (used to guard nothing, silently)", async () => {
    const root = configured({ secrets: { smtpPasword: { env: "SMTP_PASSWORD" } } });
    await expectExit2(
      ["check", root],
      `guardrails: invalid config: ${join(root, "guardrails.config.json")}: "secrets.smtpPasword" is not a field of the settings model SystemSettings (prisma/schema.prisma), so it guards nothing; did you mean "smtpPassword"?`,
    );
  });

  it("a typo in a settings model's name", async () => {
    const root = configured({ settingsModels: ["SystemSetting"], secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } });
    await expectExit2(
      ["check", root],
      `guardrails: invalid config: ${join(root, "guardrails.config.json")}: "settingsModels[0]" is not a model of the Prisma schemas found (prisma/schema.prisma); did you mean "SystemSettings"?`,
    );
  });

  it("a secret of a model that is not a settings model, and several problems at once", async () => {
    const root = configured({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, apiToken: { env: "API_TOKEN" }, smtpHots: { env: "SMTP_HOST" } } });
    mkdirSync(join(root, "prisma/more"), { recursive: true });
    writeFileSync(join(root, "prisma/more/schema.prisma"), "model Integration {\n  id String @id\n  apiToken String\n}\n");
    await expectExit2(
      ["check", root],
      `guardrails: invalid config: ${join(root, "guardrails.config.json")}: "secrets.apiToken" is a field of Integration, which is not a settings model (SystemSettings): add "Integration" to "settingsModels", or register a field of SystemSettings (and 1 more: "secrets.smtpHots")`,
    );
  });
});
