/**
 * Never leak: random values planted wherever a secret value can sit in a repository (literals
 * written to, compared with, defaulted to or returned as secret fields; raw SQL; broken code and
 * schemas around them; .env files; config values) never appear in any output: every format, with
 * --verbose, --debug, a TTY, colours, the baseline file, merged shard reports, ESLint's own messages.
 */
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import plugin from "eslint-plugin-secret-guardrails";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../src/reporters/index.js";
import { makeRepo, randomSecret, run, WORKSPACE, type RunResult } from "./support.js";

const SCHEMA = `model SystemSettings {
  id                 String  @id
  smtpHost           String?
  smtpPassword       String?
  openaiApiKey       String?
  anonymizationSeed  String? @default("{{schemaDefault}}")
}
`;

const CONFIG = {
  settingsModels: ["SystemSettings"],
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    openaiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};

/** Every place a value is planted: name -> file template (`{{name}}` is replaced by a random value). */
const FILES: Record<string, string> = {
  "prisma/schema.prisma": SCHEMA,
  "src/db.ts": "export const prisma: any = {};\n",
  "src/write-literals.ts": `import { prisma } from "./db";

export async function save(id: string, suffix: string) {
  await prisma.systemSettings.update({ where: { id }, data: { smtpPassword: "{{doubleQuoted}}" } });
  await prisma.systemSettings.create({ data: { id, openaiApiKey: '{{singleQuoted}}' } });
  await prisma.systemSettings.upsert({ where: { id }, create: { id, anonymizationSeed: \`{{template}}\` }, update: {} });
  await prisma.systemSettings.update({ where: { id }, data: { smtpPassword: \`{{templateHead}}\${suffix}\` } });
  await prisma.systemSettings.updateMany({ data: { smtpPassword: "{{concatenated}}" + suffix } });
  // smtpPassword was {{inComment}} before the rotation
  const data: Record<string, string> = {};
  data["smtp" + "Password"] = "{{computedKey}}";
  await prisma.systemSettings.update({ where: { id }, data });
  await prisma.systemSettings.update({ where: { id }, data: Object.fromEntries([["smtpPassword", "{{fromEntries}}"]]) });
  const key = suffix as "smtpPassword";
  await prisma.systemSettings.update({ where: { id }, data: { [key]: "{{dynamicKey}}" } });
}
`,
  "src/raw-sql.ts": `import { prisma } from "./db";

export async function rawWrites() {
  await prisma.$executeRaw\`UPDATE "SystemSettings" SET "smtpPassword" = '{{rawTemplate}}' WHERE id = 's'\`;
  await prisma.$executeRawUnsafe('UPDATE "SystemSettings" SET "openaiApiKey" = \\'{{rawUnsafe}}\\'');
}
`,
  "src/compare.ts": `import { prisma } from "./db";

export async function compare() {
  const row = await prisma.systemSettings.findFirst();
  if (row?.smtpPassword === "{{comparedEq}}") return 1;
  if ('{{comparedNe}}' !== row?.openaiApiKey) return 2;
  switch (row?.anonymizationSeed) {
    case "{{switchCase}}":
      return 3;
  }
  return 0;
}
`,
  "src/resolve.ts": `import { prisma } from "./db";

export async function resolveSecrets() {
  const row = await prisma.systemSettings.findFirst();
  const apiKey = row?.openaiApiKey ?? process.env.OPENAI_API_KEY ?? "{{dbFirstFallback}}";
  const password = row?.smtpPassword || "{{dbOnlyFallback}}";
  const seed = process.env.ANONYMIZATION_SEED ?? row?.anonymizationSeed ?? "{{envFirstFallback}}";
  return { apiKey, password, seed };
}
`,
  "src/save-helper.ts": `import { prisma } from "./db";

export function saveSettings(data: { smtpHost?: string; smtpPassword?: string }) {
  return prisma.systemSettings.update({ where: { id: "s" }, data });
}
`,
  "src/call-helper.ts": `import { saveSettings } from "./save-helper";

export const rotate = () => saveSettings({ smtpHost: "mail", smtpPassword: "{{viaHelper}}" });
`,
  "app/api/admin/settings/route.ts": `import { prisma } from "../../../../src/db";

export async function GET() {
  const row = await prisma.systemSettings.findFirst();
  return Response.json({ smtpPassword: row?.smtpPassword ?? "{{returnedFallback}}", openaiApiKey: "{{returnedLiteral}}", row });
}
`,
  "src/admin/router.ts": `import { z } from "zod";
import { prisma } from "../db";
declare const adminProcedure: any;

export const update = adminProcedure
  .input(z.object({ smtpHost: z.string(), smtpPassword: z.string().default("{{zodDefault}}") }))
  .mutation(({ input }: { input: any }) => prisma.systemSettings.update({ where: { id: "s" }, data: input }));
`,
  "src/admin/page.tsx": `export function SettingsPage() {
  return <input name="smtpPassword" defaultValue="{{jsxAttribute}}" placeholder='{{jsxPlaceholder}}' />;
}
`,
  // Relevant files (they name a secret) that do not parse, with a value next to the error.
  "src/broken-operator.ts": `export const smtpPassword = "{{brokenOperator}}" +;\n`,
  "src/broken-string.ts": `export const smtpPassword = "{{unterminatedString}}\nexport const other = 1;\n`,
  "src/broken-template.ts": "export const smtpPassword = `{{unterminatedTemplate}}\n",
  "src/broken-jsx.tsx": `export const smtpPassword = <div title="{{brokenJsx}}">{"{{brokenJsxChild}}"}</span>;\n`,
  "src/broken-regex.ts": `export const smtpPassword = /{{brokenRegex}}(/;\n`,
  // Not relevant on its own, but imported by a relevant file: the checker parses it.
  "src/imported-broken.ts": `export const value = "{{importedBroken}}" +;\n`,
  "src/uses-imported.ts": `import { value } from "./imported-broken";\nexport const smtpPassword = value;\n`,
  ".env": "SMTP_PASSWORD={{dotEnv}}\nOPENAI_API_KEY='{{dotEnvQuoted}}'\n",
  ".env.production": "ANONYMIZATION_SEED={{dotEnvProduction}}\n",
  "src/.env.local": "SMTP_PASSWORD={{dotEnvNested}}\n",
};

function plant(): { files: Record<string, string>; secrets: Map<string, string> } {
  const secrets = new Map<string, string>();
  const files: Record<string, string> = {};
  for (const [file, template] of Object.entries(FILES)) {
    files[file] = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!secrets.has(name)) secrets.set(name, randomSecret(name));
      return secrets.get(name)!;
    });
  }
  return { files, secrets };
}

interface Output {
  readonly label: string;
  readonly text: string;
}

let outputsChecked = 0;
let valuesPlanted = 0;
afterAll(() => {
  console.info(`no-leak: ${valuesPlanted} values planted, ${outputsChecked} outputs grepped`);
});

/** Fails with the labels of the outputs that contain a planted value, and which values. */
function expectNoLeak(outputs: readonly Output[], secrets: ReadonlyMap<string, string>): void {
  const leaks: string[] = [];
  for (const output of outputs) {
    for (const [name, value] of secrets) {
      // The value, and any 12-character piece of it (a quoted excerpt, a truncated message).
      const pieces = [value, ...Array.from({ length: value.length - 11 }, (_, i) => value.slice(i, i + 12))];
      if (pieces.some((piece) => output.text.includes(piece))) leaks.push(`${output.label}: ${name}`);
    }
  }
  outputsChecked += outputs.length;
  expect(leaks).toEqual([]);
}

function texts(label: string, result: RunResult): Output[] {
  return [
    { label: `${label} stdout`, text: result.stdout },
    { label: `${label} stderr`, text: result.stderr },
  ];
}

const schema = JSON.parse(readFileSync(join(WORKSPACE, "packages/cli/test/sarif-schema-2.1.0.json"), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(schema);

describe("no output contains a planted value", () => {
  const { files, secrets } = plant();
  valuesPlanted += secrets.size;
  const root = makeRepo({ ...files, "guardrails.config.json": JSON.stringify(CONFIG, null, 2) });

  it("plants every value in the tree (so the grep means something)", () => {
    const all = Object.values(files).join("\n");
    for (const value of secrets.values()) expect(all).toContain(value);
    expect(secrets.size).toBeGreaterThanOrEqual(30);
  });

  it("every format, plain, --verbose --debug, --quiet, on a TTY with colours", async () => {
    const outputs: Output[] = [];
    let findings = 0;
    for (const format of FORMATS) {
      for (const flags of [[], ["--verbose", "--debug"], ["--quiet"]]) {
        const result = await run(["check", root, "--format", format, ...flags]);
        expect(result.code).toBe(1);
        outputs.push(...texts(`${format} ${flags.join(" ")}`, result));
        if (format === "json" && flags.length === 0) findings = (JSON.parse(result.stdout) as { findings: unknown[] }).findings.length;
        if (format === "sarif") {
          validateSarif(JSON.parse(result.stdout));
          expect(validateSarif.errors ?? []).toEqual([]);
        }
      }
    }
    const tty = await run(["check", root, "--verbose"], { stdoutTTY: true, stderrTTY: true, env: { FORCE_COLOR: "1" } });
    outputs.push(...texts("stylish tty", tty));
    expect(tty.stdout).toContain("\u001b[");
    // The report says a lot about these files (so there was something to leak from).
    expect(findings).toBeGreaterThanOrEqual(15);
    expectNoLeak(outputs, secrets);
  });

  it("the baseline file, a run against it, and merged shard reports", async () => {
    const out = makeRepo({});
    const baseline = join(out, "baseline.json");
    const outputs: Output[] = [];
    outputs.push(...texts("update-baseline", await run(["check", root, "--baseline", baseline, "--update-baseline", "--format", "json"])));
    outputs.push({ label: "baseline file", text: readFileSync(baseline, "utf8") });
    for (const format of FORMATS) {
      outputs.push(...texts(`baselined ${format}`, await run(["check", root, "--baseline", baseline, "--verbose", "--format", format])));
    }
    for (const index of [1, 2, 3]) {
      const shard = await run(["check", root, "--shard", `${index}/3`, "--format", "json", "--output", join(out, `${index}.json`)]);
      outputs.push(...texts(`shard ${index}`, shard));
      outputs.push({ label: `shard ${index} file`, text: readFileSync(join(out, `${index}.json`), "utf8") });
    }
    for (const format of FORMATS) {
      outputs.push(...texts(`merge ${format}`, await run(["merge", ...[1, 2, 3].map((i) => join(out, `${i}.json`)), "--format", format, "--verbose"])));
    }
    expectNoLeak(outputs, secrets);
  });

  it("changed-files runs (explicit files) in every format", async () => {
    const outputs: Output[] = [];
    for (const format of FORMATS) {
      const result = await run(["check", root, join(root, "src/write-literals.ts"), join(root, "src/broken-string.ts"), "--format", format, "--debug"]);
      expect(result.code).toBe(1);
      outputs.push(...texts(`files ${format}`, result));
    }
    expectNoLeak(outputs, secrets);
  });

  it("ESLint's own messages and suggestion descriptions from our plugin", async () => {
    const config: Linter.Config[] = [
      {
        files: ["**/*.{ts,tsx}"],
        languageOptions: { parser: tsParser as unknown as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { "secret-guardrails": plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
        settings: { "secret-guardrails": { config: CONFIG } },
        rules: plugin.configs.recommended.rules as Linter.RulesRecord,
      },
    ];
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, ignore: false });
    const results = await eslint.lintFiles(["src/**/*.{ts,tsx}", "app/**/*.ts"]);
    const messages = results.flatMap((result) => result.messages);
    expect(messages.filter((message) => message.ruleId?.startsWith("secret-guardrails/")).length).toBeGreaterThanOrEqual(8);
    const outputs: Output[] = messages.flatMap((message, index) => [
      // Parse errors included: the parser names tokens, never the text of a literal.
      { label: `eslint message ${index} (${message.ruleId ?? "parser"})`, text: message.message },
      ...(message.suggestions ?? []).map((suggestion) => ({ label: `eslint suggestion ${index}`, text: suggestion.desc })),
    ]);
    expectNoLeak(outputs, secrets);
  });
});

describe("config values never appear in errors", () => {
  it.each([
    ["a value pasted as an env var name", (value: string) => ({ secrets: { smtpPassword: { env: value } } })],
    ["a value among env var names", (value: string) => ({ secrets: { smtpPassword: { env: ["SMTP_PASSWORD", value] } } })],
    ["a value as a model name", (value: string) => ({ settingsModels: [value] })],
    ["a value in a broken admin pattern", (value: string) => ({ admin: { procedurePattern: `(${value}` } })],
    ["a value in an envObjects entry", (value: string) => ({ envObjects: [value] })],
  ])("%s", async (_name, config) => {
    const value = `sk-live-${randomSecret("cfg")}`;
    valuesPlanted++;
    const root = makeRepo({ "guardrails.config.json": JSON.stringify(config(value)), "src/a.ts": "export const a = 1;\n" });
    const outputs: Output[] = [];
    for (const flags of [[], ["--debug"]]) {
      const result = await run(["check", root, ...flags]);
      expect(result.code).toBe(2);
      outputs.push(...texts(flags.join(" "), result));
    }
    expectNoLeak(outputs, new Map([["config", value]]));
  });

  it("a broken config, baseline, or merged report with a value next to the error (or a .env passed instead)", async () => {
    const value = randomSecret("near");
    valuesPlanted++;
    const root = makeRepo({
      "guardrails.config.json": `{ "settingsModels": ["SystemSettings"], "smtpPassword": ${value} }`,
      ".env": `SMTP_PASSWORD=${value}\n`,
      "src/a.ts": "export const a = 1;\n",
    });
    const outputs: Output[] = [];
    for (const args of [
      ["check", root],
      ["check", root, "--debug"],
      ["check", root, "--config", join(root, ".env")],
      ["check", root, "--config", join(root, ".env"), "--debug"],
      ["check", join(root, "src"), "--baseline", join(root, ".env")],
      ["check", join(root, "src"), "--baseline", join(root, ".env"), "--debug"],
      ["merge", join(root, ".env")],
      ["merge", join(root, ".env"), "--debug"],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      outputs.push(...texts(args.slice(2).join(" "), result));
    }
    expectNoLeak(outputs, new Map([["near", value]]));
  });

  it("a symlink to a file outside ROOT (read, never printed)", async () => {
    const value = randomSecret("outside");
    valuesPlanted++;
    const outside = makeRepo({ "credentials.ts": `export const smtpPassword = "${value}" +;\nexport const openaiApiKey = '${value}';\n` });
    const root = makeRepo({ "src/a.ts": "export const a = 1;\n", "guardrails.config.json": JSON.stringify(CONFIG) });
    symlinkSync(join(outside, "credentials.ts"), join(root, "src/credentials.ts"));
    const outputs: Output[] = [];
    for (const format of FORMATS) {
      const result = await run(["check", root, "--format", format, "--debug"]);
      expect(result.code).toBe(1);
      outputs.push(...texts(format, result));
    }
    expect(outputs.map((output) => output.text).join("")).toContain("credentials.ts");
    expectNoLeak(outputs, new Map([["outside", value]]));
  });

  it("a Prisma schema that does not parse, with a value at the error", async () => {
    const value = randomSecret("schema");
    valuesPlanted++;
    const root = makeRepo({
      "prisma/schema.prisma": `model SystemSettings {\n  id String @id\n  smtpPassword String "${value}"\n}\n`,
      "src/a.ts": "export const a = 1;\n",
    });
    writeFileSync(join(root, "prisma/other.prisma"), "");
    const outputs: Output[] = [];
    // Without a config nothing is registered (the schema does not parse): exit 2 naming the schema error.
    for (const flags of [[], ["--debug"]]) {
      const result = await run(["check", root, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("1 schema or reference could not be read (prisma/schema.prisma:3:");
      outputs.push(...texts(`nothing to check ${flags.join(" ")}`, result));
    }
    // With a config the run goes on and reports the schema as an analysis-error.
    writeFileSync(join(root, "guardrails.config.json"), JSON.stringify({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } }));
    for (const format of FORMATS) {
      const result = await run(["check", root, "--format", format, "--debug"]);
      expect(result.code).toBe(1);
      outputs.push(...texts(format, result));
    }
    expect(outputs.map((output) => output.text).join("")).toContain("schema.prisma");
    expectNoLeak(outputs, new Map([["schema", value]]));
  });
});
