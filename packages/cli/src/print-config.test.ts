import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, run, SMALL_APP } from "../test/helpers.js";

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
  settings UI              **/admin/**/*.tsx

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
      admin: { procedurePattern: "admin|staff", pathSegmentPattern: "^admin$", uiGlobs: ["**/admin/**/*.tsx"] },
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
