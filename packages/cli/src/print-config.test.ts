import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DRIZZLE_APP, makeRepo, run, SMALL_APP } from "../test/helpers.js";

const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([file, text]) => [`${prefix}${file}`, text]));

const CONFIG = {
  settingsModels: ["SystemSettings"],
  secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, openaiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] } },
  exclude: ["**/node_modules/**", "legacy/**"],
  admin: { procedurePattern: "admin|staff" },
};

describe("guardrails print-config", () => {
  it("shows what a check would check, as text", async () => {
    const root = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify(CONFIG) });
    const { code, stdout, stderr } = await run(["print-config"], { cwd: root });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(`Root: .
Config: guardrails.config.json

Settings models (1):
  SystemSettings  prisma.systemSettings, table SystemSettings, prisma/schema.prisma

Secrets (2):
  smtpPassword  SMTP_PASSWORD
  openaiApiKey  OPENAI_API_KEY or AZURE_OPENAI_API_KEY  (column openai_api_key)

Files:
  include  **/*.{ts,tsx,mts,cts}
  exclude  **/node_modules/**, legacy/**

Admin:
  tRPC procedure builders  /admin|staff/i
  route path segments      /^admin$/i
  settings UI              **/admin/**/*.tsx, **/(admin)/**/*.tsx

Env objects: env
`);
  });

  it("shows a discovered registry, and the secret-looking fields a config leaves out", async () => {
    const discovered = await run(["print-config", makeRepo(SMALL_APP)]);
    expect(discovered.stdout).toContain("Config: none (secrets discovered from prisma/schema.prisma; `guardrails init` writes a config)\n");
    expect(discovered.stdout).toContain("Secrets (2):\n  smtpPassword  SMTP_PASSWORD\n  openaiApiKey  OPENAI_API_KEY  (column openai_api_key)\n");

    const partial = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }) });
    expect((await run(["print-config", partial])).stdout).toContain(
      "Secret-looking fields not in the registry (1):\n  SystemSettings.openaiApiKey (prisma/schema.prisma:5)\n",
    );
    const noSecrets = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify({ settingsModels: ["Other"] }) });
    expect((await run(["print-config", noSecrets])).stdout).toContain("Secrets (0):\n  none: nothing to check.");
  });

  it("prints what it found, and exits 2 saying why when a check would exit 2 (nothing to check, a name no model has)", async () => {
    const noSecrets = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify({ settingsModels: ["Other"] }) });
    const nothing = await run(["print-config", noSecrets]);
    expect(nothing.code).toBe(2);
    expect(nothing.stdout).toContain("Settings models (1):\n  Other  prisma.other, table Other, in no schema.prisma\n");
    expect(nothing.stderr).toBe(
      `guardrails: a check would exit 2: invalid config: ${noSecrets}/guardrails.config.json: "settingsModels[0]" is not a model of the Prisma schemas found (prisma/schema.prisma)\n`,
    );
    const typo = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify({ secrets: { smtpPasword: { env: "SMTP_PASSWORD" } } }) });
    const typoRun = await run(["print-config", typo]);
    expect(typoRun.code).toBe(2);
    expect(typoRun.stdout).toContain("  smtpPasword  SMTP_PASSWORD\n");
    expect(typoRun.stderr).toContain('"secrets.smtpPasword" is not a field of the settings model SystemSettings (prisma/schema.prisma), so it guards nothing; did you mean "smtpPassword"?');
    const empty = await run(["print-config", makeRepo({ "README.md": "# nothing\n" })]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^guardrails: a check would exit 2: nothing to check: no secret is registered/);
  });

  it("says which settings models are key-value stores, and their columns", async () => {
    const root = makeRepo({
      "prisma/schema.prisma": "model InfraConfig {\n  id    String @id\n  name  String @unique\n  value String\n}\n",
      "src/mail.ts": 'await prisma.infraConfig.findUnique({ where: { name: "SMTP_PASSWORD" } });\n',
    });
    const text = await run(["print-config", root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("  InfraConfig  prisma.infraConfig, table InfraConfig, key-value (key name, value value), prisma/schema.prisma\n");
    expect(text.stdout).toContain("Secrets (1):\n  SMTP_PASSWORD  SMTP_PASSWORD\n");
    const json = JSON.parse((await run(["print-config", root, "--format", "json"])).stdout) as { models: unknown };
    expect(json.models).toEqual([
      { name: "InfraConfig", delegate: "infraConfig", table: "InfraConfig", schema: "prisma/schema.prisma", kind: "key-value", keyColumn: "name", valueColumn: "value" },
    ]);
  });

  it("names a Drizzle table as such, and the file declaring it", async () => {
    const root = makeRepo(DRIZZLE_APP);
    const text = await run(["print-config", root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Config: none (secrets discovered from src/db/schema.ts; `guardrails init` writes a config)\n");
    expect(text.stdout).toContain("Settings models (1):\n  settings  Drizzle table settings, src/db/schema.ts\n");
    const json = JSON.parse((await run(["print-config", root, "--format", "json"])).stdout) as { models: unknown };
    expect(json.models).toEqual([{ name: "settings", delegate: "settings", table: "settings", schema: "src/db/schema.ts", orm: "drizzle" }]);
  });

  it("finds the config above ROOT as check does", async () => {
    const repo = makeRepo({ "guardrails.config.json": JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }), ...prefixed("apps/web/", SMALL_APP) });
    const { code, stdout } = await run(["print-config", join(repo, "apps/web")]);
    expect(code).toBe(0);
    expect(stdout).toContain("Config: ../../guardrails.config.json (found above ROOT; its globs are read from its directory)\n");
    expect(stdout).toContain("Secrets (1):\n  smtpPassword  SMTP_PASSWORD\n");
  });

  it("escapes names and paths from the repository (escape.ts)", async () => {
    const root = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify({ ...CONFIG, exclude: ["x\u001b]0;owned\u0007/**", "y\u202e/**"] }) });
    const text = await run(["print-config", root]);
    expect(text.stdout).toContain("  exclude  x\\x1b]0;owned\\x07/**, y\\u202e/**\n");
    expect(text.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    const json = await run(["print-config", root, "--format", "json"]);
    expect(json.stdout).toContain('"y\\u202e/**"');
    expect((JSON.parse(json.stdout) as { exclude: string[] }).exclude).toEqual(["x\u001b]0;owned\u0007/**", "y\u202e/**"]);
  });

  it("checks -o before the work: an output that cannot be written is exit 2, nothing printed", async () => {
    const root = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify(CONFIG), "out": "a file, not a directory\n" });
    const result = await run(["print-config", root, "-o", join(root, "out/config.txt")]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: expect.stringContaining(`cannot write ${join(root, "out/config.txt")} (ENOTDIR)`) as unknown as string });
  });

  it("writes JSON with --format json (to a file with -o)", async () => {
    const root = makeRepo({ ...SMALL_APP, "guardrails.config.json": JSON.stringify(CONFIG) });
    expect((await run(["print-config", ".", "--format", "json", "-o", "out/config.json"], { cwd: root })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "out/config.json"), "utf8"))).toEqual({
      root: ".",
      source: "config",
      config: "guardrails.config.json",
      settingsModels: ["SystemSettings"],
      models: [{ name: "SystemSettings", delegate: "systemSettings", table: "SystemSettings", schema: "prisma/schema.prisma" }],
      secrets: [
        { secret: "smtpPassword", env: ["SMTP_PASSWORD"] },
        { secret: "openaiApiKey", env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"], column: "openai_api_key" },
      ],
      schemaFiles: ["prisma/schema.prisma"],
      include: ["**/*.{ts,tsx,mts,cts}"],
      exclude: ["**/node_modules/**", "legacy/**"],
      admin: { procedurePattern: "admin|staff", pathSegmentPattern: "^admin$", uiGlobs: ["**/admin/**/*.tsx", "**/(admin)/**/*.tsx"] },
      envObjects: ["env"],
      unregisteredFields: [],
    });
  });

  it("names a config given with --config relative to ROOT, and exits 2 on an invalid one or an unknown format", async () => {
    const root = makeRepo({ ...SMALL_APP, "ci/guardrails.json": JSON.stringify(CONFIG), "bad.json": '{ "secrets": 1 }' });
    expect((await run(["print-config", root, "--config", join(root, "ci/guardrails.json")])).stdout).toContain("Config: ci/guardrails.json\n");
    const invalid = await run(["print-config", root, "--config", join(root, "bad.json")]);
    expect(invalid).toMatchObject({ code: 2, stdout: "" });
    expect(invalid.stderr).toBe(`guardrails: invalid config: ${root}/bad.json: "secrets" must be an object of field name -> { env }\n`);
    const format = await run(["print-config", root, "--format", "yaml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^guardrails: unknown format "yaml" \(valid formats of print-config: text, json\)\n/);
    expect((await run(["print-config", root, "--format", "jsn"])).stderr).toContain("(did you mean json? valid formats of print-config: text, json)");
  });
});
