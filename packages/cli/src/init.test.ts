import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateConfig } from "@secret-guardrails/core";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { DRIZZLE_APP, makeRepo, run, SMALL_APP } from "../test/helpers.js";
import { schemaReference } from "./init.js";

const SCHEMA = JSON.parse(readFileSync(new URL("../guardrails.config.schema.json", import.meta.url), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(SCHEMA);

const KEY_VALUE_APP: Record<string, string> = {
  "prisma/schema.prisma": `model InfraConfig {
  id    String @id
  name  String @unique
  value String
}
`,
  "src/mail.ts": `export async function saveMailPassword(password: string) {
  await prisma.infraConfig.update({ where: { name: "SMTP_PASSWORD" }, data: { value: password } });
}
`,
};

describe("guardrails init", () => {
  it("registers the settings tables Drizzle declares in code, as check discovers them", async () => {
    const root = makeRepo(DRIZZLE_APP);
    const { code, stdout } = await run(["init"], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote guardrails\.config\.json \(from src\/db\/schema\.ts\):\n  settings models  settings\n  secrets          smtpPassword  SMTP_PASSWORD /);
    const written = JSON.parse(readFileSync(join(root, "guardrails.config.json"), "utf8")) as { settingsModels: string[]; secrets: object };
    expect(written).toMatchObject({ settingsModels: ["settings"], secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } });
    const check = await run(["check", ".", "--format", "json"], { cwd: root });
    expect(check.stderr).toBe("");
    expect(check.code).toBe(1); // nothing clears the secret: the written config guards the table
  });

  it("registers the secret keys of a key-value store where the code names them, as check discovers them", async () => {
    const root = makeRepo(KEY_VALUE_APP);
    const { code, stdout } = await run(["init"], { cwd: root });
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(join(root, "guardrails.config.json"), "utf8")) as { settingsModels: string[]; secrets: object };
    expect(written.settingsModels).toEqual(["InfraConfig"]);
    expect(written.secrets).toEqual({ SMTP_PASSWORD: { env: "SMTP_PASSWORD" } });
    expect(stdout).toContain("  secrets          SMTP_PASSWORD  SMTP_PASSWORD (not declared in an env example or env schema)\n");
    // The written config passes check's registry check and guards the store.
    const check = await run(["check", ".", "--format", "json"], { cwd: root });
    expect(check.stderr).toBe("");
    expect((JSON.parse(check.stdout) as { registry: unknown }).registry).toEqual({
      source: "config",
      config: "guardrails.config.json",
      settingsModels: ["InfraConfig"],
      schemas: ["prisma/schema.prisma"],
      secrets: [{ secret: "SMTP_PASSWORD", env: ["SMTP_PASSWORD"] }],
    });
  });

  it("escapes the paths it prints (escape.ts): a file name cannot move the cursor or reorder the line", async () => {
    const hostile = "apps/we\u001b[2Jb\u202e";
    const root = makeRepo({ ...SMALL_APP, [`${hostile}/.env.example`]: "OPENAI_API_KEY=\n" });
    const { code, stdout } = await run(["init"], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toContain("openaiApiKey  OPENAI_API_KEY (declared in apps/we\\x1b[2Jb\\u202e/.env.example)\n");
    expect(stdout).not.toMatch(/[\u001b\u202e]/);
  });

  it("writes the discovered registry with its $schema and says what it found", async () => {
    const root = makeRepo(SMALL_APP);
    const { code, stdout, stderr } = await run(["init"], { cwd: root });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const text = readFileSync(join(root, "guardrails.config.json"), "utf8");
    expect(text).toBe(`{
  "$schema": "https://github.com/secret-guardrails/secret-guardrails/raw/main/packages/cli/guardrails.config.schema.json",
  "settingsModels": [
    "SystemSettings"
  ],
  "secrets": {
    "smtpPassword": {
      "env": "SMTP_PASSWORD"
    },
    "openaiApiKey": {
      "env": "OPENAI_API_KEY"
    }
  },
  "admin": {
    "procedurePattern": "admin",
    "pathSegmentPattern": "^admin$",
    "uiGlobs": [
      "**/admin/**/*.tsx",
      "**/(admin)/**/*.tsx"
    ]
  }
}
`);
    expect(stdout).toBe(`Wrote guardrails.config.json (from prisma/schema.prisma):
  settings models  SystemSettings
  secrets          smtpPassword  SMTP_PASSWORD (declared in .env.example)
                   openaiApiKey  OPENAI_API_KEY (not declared in an env example or env schema)
  admin            tRPC procedure builders matching /admin/i: adminProcedure
                   1 route handler under an /^admin$/i path segment; 1 admin UI file (**/admin/**/*.tsx, **/(admin)/**/*.tsx)
Check that each env var is the secret's system of record, then run \`guardrails check\`.
`);
    // What it wrote is valid for both the validator and the JSON schema, and a check runs on it.
    const written = JSON.parse(text) as unknown;
    expect(validateSchema(written)).toBe(true);
    expect(() => validateConfig(written)).not.toThrow();
    const check = await run(["check", ".", "--format", "json"], { cwd: root });
    expect(check.stderr).toBe("");
    expect(JSON.parse(check.stdout).registry).toEqual({
      source: "config",
      config: "guardrails.config.json",
      settingsModels: ["SystemSettings"],
      schemas: ["prisma/schema.prisma"],
      secrets: [
        { secret: "smtpPassword", env: ["SMTP_PASSWORD"] },
        { secret: "openaiApiKey", env: ["OPENAI_API_KEY"] },
      ],
    });
  });

  it("refuses to overwrite a config without --force", async () => {
    const root = makeRepo({ ...SMALL_APP, "guardrails.config.json": '{ "settingsModels": ["Mine"] }\n' });
    const refused = await run(["init", root]);
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: `guardrails: ${root}/guardrails.config.json already exists; \`guardrails init --force\` overwrites it (\`guardrails print-config\` shows what it registers)\n`,
    });
    expect(readFileSync(join(root, "guardrails.config.json"), "utf8")).toBe('{ "settingsModels": ["Mine"] }\n');
    expect((await run(["init", root, "--force"])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "guardrails.config.json"), "utf8")).settingsModels).toEqual(["SystemSettings"]);
  });

  it("writes where --config says, and points $schema at the CLI package in node_modules when installed", async () => {
    const root = makeRepo({ ...SMALL_APP, "node_modules/@secret-guardrails/cli/guardrails.config.schema.json": "{}\n" });
    mkdirSync(join(root, "config"));
    expect((await run(["init", "--config", "config/guardrails.json"], { cwd: root })).code).toBe(0);
    const written = JSON.parse(readFileSync(join(root, "config/guardrails.json"), "utf8")) as { $schema: string };
    expect(written.$schema).toBe("../node_modules/@secret-guardrails/cli/guardrails.config.schema.json");
    expect(schemaReference(join(root, "guardrails.config.json"))).toBe("./node_modules/@secret-guardrails/cli/guardrails.config.schema.json");
  });

  it("exits 2 and writes nothing when there is no secret to register", async () => {
    const root = makeRepo({ "prisma/schema.prisma": "model SystemSettings {\n  id String @id\n  smtpHost String?\n}\n" });
    const { code, stdout, stderr } = await run(["init", root]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "guardrails: found no secret to register (prisma/schema.prisma): no settings model (SystemSettings, or an app-wide model shaped like settings) has a secret-looking string field or key. " +
        "Write guardrails.config.json by hand: https://github.com/secret-guardrails/secret-guardrails#configuration-guardrailsconfigjson\n",
    );
    expect(existsSync(join(root, "guardrails.config.json"))).toBe(false);
    expect((await run(["init", makeRepo({ "README.md": "# no schema\n" })])).stderr).toContain("(no schema.prisma nor Drizzle table under ");
  });

  it("says which procedure builders it found when none matches the admin pattern", async () => {
    const root = makeRepo({ ...SMALL_APP, "src/server/trpc.ts": "export const staffProcedure = t.procedure.use(isStaff);\n" });
    const { stdout } = await run(["init", root]);
    expect(stdout).toContain(
      "  admin            no tRPC procedure builder matches /admin/i (found staffProcedure): set admin.procedurePattern to the ones that guard admin endpoints\n",
    );
  });

  it("exits 2 on a Prisma schema it cannot parse, naming it", async () => {
    const root = makeRepo({ "prisma/schema.prisma": "model SystemSettings {\n  id String @id\n" });
    writeFileSync(join(root, "x.ts"), "export {};\n");
    const { code, stderr } = await run(["init", root]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^guardrails: cannot read the Prisma schema prisma\/schema\.prisma \(line \d+: .*\); fix it, or write guardrails\.config\.json by hand\n/);
  });
});
