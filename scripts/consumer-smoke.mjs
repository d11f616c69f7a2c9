#!/usr/bin/env node
// The consumer smoke test (.ci/run): the README's quick start, literally, in an app outside this workspace.
//
// 1. packs the five packages with `pnpm pack` (workspace:* becomes real versions, prepack ships the docs);
// 2. copies fixtures/consumer-app (Next.js/tRPC/Prisma-shaped, a violation of six categories) to a
//    temporary directory and points @secret-guardrails/core, analysis and checker at their tarballs (npm
//    overrides: they are not on the registry);
// 3. runs the README's quick-start blocks in order (scripts/consumer-smoke/readme.mjs), the install line
//    with our two packages replaced by their tarballs, and checks each command's exit code;
// 4. then checks what the quick start promises: the findings of ESLint and of the CLI, valid SARIF with
//    help and security-severity, the inventory, the README's type-checked config, require() from an
//    eslint.config.cjs, the types under --strict without skipLibCheck, guardrail-report and the GitHub
//    Action's report step, README and LICENSE in every tarball.
//
//   node scripts/consumer-smoke.mjs [--keep]     (--keep leaves the temporary directory for a look)
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { installedPackages, quickStart } from "./consumer-smoke/readme.mjs";

const WORKSPACE = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), "guardrails-consumer-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");
const failures = [];

/** An npm and Node environment like a user's: none of this workspace's pnpm or test settings. */
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
  GUARDRAILS_CACHE_DIR: join(work, "cache"),
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
};

function step(title) {
  console.log(`\n== ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

function check(condition, message) {
  if (condition) console.log(`  ok  ${message}`);
  else {
    console.log(`  FAIL ${message}`);
    failures.push(message);
  }
}

function sh(command, options = {}) {
  const at = performance.now();
  const result = spawnSync("sh", ["-c", command], { cwd: options.cwd ?? app, env: { ...env, ...options.env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (options.show !== false) console.log(`  $ ${command}  (exit ${result.status}, ${((performance.now() - at) / 1000).toFixed(1)} s)`);
  return result;
}

/** `sh`, without waiting: for the checks that do not depend on each other (2 cores: they overlap). */
function shAsync(command, options = {}) {
  const at = performance.now();
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd: options.cwd ?? app, env: { ...env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => {
      console.log(`  $ ${command}  (exit ${status}, ${((performance.now() - at) / 1000).toFixed(1)} s)`);
      resolve({ status, stdout, stderr });
    });
  });
}

function expectExit(result, code, what) {
  check(result.status === code, `${what}: exit ${code}${result.status === code ? "" : ` (got ${result.status})\n${result.stdout}\n${result.stderr}`}`);
}

/**
 * The plugin's types where users meet them, under --strict without skipLibCheck (tsc checks all of
 * ESLint's and typescript-eslint's declarations: the slowest step, so it runs beside the others).
 */
function startTypesCheck() {
  writeFileSync(
    join(app, "eslint.config.types.mts"),
    `import type { ESLint, Linter } from "eslint";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import secretGuardrails, { configs } from "eslint-plugin-secret-guardrails";

export const viaDefineConfig = defineConfig(tseslint.configs.recommended, secretGuardrails.configs.recommended, { plugins: { "secret-guardrails": secretGuardrails } });
export const viaTseslint = tseslint.config(...tseslint.configs.recommended, configs.recommendedTypeChecked, configs["recommended-type-checked"]);
export const plain: Linter.Config[] = [secretGuardrails.configs.recommended];
export const asPlugin: ESLint.Plugin = secretGuardrails;
`,
  );
  writeFileSync(
    join(app, "tsconfig.types.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, skipLibCheck: false, types: [] }, files: ["eslint.config.types.mts"] }),
  );
  return shAsync("npx tsc -p tsconfig.types.json");

}

try {
  step("pack the packages");
  const build = sh("pnpm --silent build", { cwd: WORKSPACE, show: false });
  if (build.status !== 0) throw new Error(`pnpm build failed:\n${build.stdout}${build.stderr}`);
  const pack = sh(`pnpm --silent -r --filter "./packages/*" pack --pack-destination ${JSON.stringify(tarballs)}`, { cwd: WORKSPACE });
  if (pack.status !== 0) throw new Error(`pnpm pack failed:\n${pack.stdout}${pack.stderr}`);
  const tarball = (name) => join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`${name.replace("@", "").replace("/", "-")}-`)));
  const PACKAGES = ["@secret-guardrails/core", "@secret-guardrails/analysis", "@secret-guardrails/checker", "@secret-guardrails/cli", "eslint-plugin-secret-guardrails"];
  for (const name of PACKAGES) {
    const listing = sh(`tar tzf ${JSON.stringify(tarball(name))}`, { show: false, cwd: work }).stdout.split("\n");
    check(listing.includes("package/README.md") && listing.includes("package/LICENSE"), `${name}: the tarball has README.md and LICENSE`);
    const manifest = JSON.parse(sh(`tar xzf ${JSON.stringify(tarball(name))} -O package/package.json`, { show: false, cwd: work }).stdout);
    check(!JSON.stringify(manifest).includes("workspace:"), `${name}: no workspace: ranges left`);
  }
  const cliListing = sh(`tar tzf ${JSON.stringify(tarball("@secret-guardrails/cli"))}`, { show: false, cwd: work }).stdout;
  check(cliListing.includes("package/docs/rules/no-secret-settings-write.md") && cliListing.includes("package/guardrails.config.schema.json"), "the CLI ships the rule docs and the config schema");

  step("the app, outside the workspace");
  cpSync(join(WORKSPACE, "fixtures/consumer-app"), app, { recursive: true });
  const appPackage = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  // Dependencies of our packages that are not on the registry: their tarballs.
  appPackage.overrides = {
    "@secret-guardrails/core": `file:${tarball("@secret-guardrails/core")}`,
    "@secret-guardrails/analysis": `file:${tarball("@secret-guardrails/analysis")}`,
    "@secret-guardrails/checker": `file:${tarball("@secret-guardrails/checker")}`,
  };
  writeFileSync(join(app, "package.json"), `${JSON.stringify(appPackage, null, 2)}\n`);

  step("the README's quick start");
  const readme = readFileSync(join(WORKSPACE, "README.md"), "utf8");
  const { steps, typedConfig } = quickStart(readme);
  const EXPECTED_EXIT = { "npm install": 0, "npx guardrails init": 0, "npx guardrails print-config": 0, "npx eslint .": 1, "npx guardrails check .": 1 };
  const outputs = new Map();
  let typesPending;
  for (const item of steps) {
    if (item.kind === "file") {
      writeFileSync(join(app, item.name), item.text);
      console.log(`  wrote ${item.name}`);
      continue;
    }
    let command = item.command;
    const installed = installedPackages(command);
    if (installed) {
      // The same command, with our packages taken from their tarballs instead of the registry.
      for (const name of installed.filter((name) => PACKAGES.includes(name))) command = command.replace(name, tarball(name));
    }
    const expected = Object.entries(EXPECTED_EXIT).find(([prefix]) => item.command.startsWith(prefix));
    if (!expected) throw new Error(`README quick start: no expected exit code for \`${item.command}\` (scripts/consumer-smoke.mjs)`);
    const result = sh(command);
    outputs.set(item.command, result);
    expectExit(result, expected[1], item.command);
    if (installed && !typesPending) typesPending = startTypesCheck();
  }

  step("what the quick start promises");
  const config = JSON.parse(readFileSync(join(app, "guardrails.config.json"), "utf8"));
  check(config.$schema === "./node_modules/@secret-guardrails/cli/guardrails.config.schema.json" && existsSync(join(app, config.$schema)), "init: $schema points at the installed CLI's schema");
  check(JSON.stringify(config.secrets) === JSON.stringify({ smtpPassword: { env: "SMTP_PASSWORD" }, openaiApiKey: { env: "OPENAI_API_KEY" }, anonymizationSeed: { env: "ANONYMIZATION_SEED" } }), "init: the three secrets and their env vars");
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const schemaValidate = ajv.compile(JSON.parse(readFileSync(join(app, config.$schema), "utf8")));
  check(schemaValidate(config), "init: the written config is valid against the shipped schema");
  const printed = outputs.get("npx guardrails print-config").stdout;
  check(printed.includes("Config: guardrails.config.json\n") && printed.includes("  openaiApiKey       OPENAI_API_KEY  (column openai_api_key)\n"), "print-config: the config and the secrets");

  // ESLint with the README's config: our four rules' findings, nothing else (no parse error in
  // eslint.config.mjs or next.config.ts, nothing from typescript-eslint's recommended on this app).
  const OUR_ESLINT = [
    "secret-guardrails/no-raw-secret-in-admin-response src/server/api/routers/settings.ts:8",
    // no-secret-in-admin-input (main's fourth rule): the editor's twin of the checker's finding at the same schema property.
    "secret-guardrails/no-secret-in-admin-input src/server/api/routers/settings.ts:12",
    "secret-guardrails/no-secret-settings-write src/server/api/routers/settings.ts:16",
    "secret-guardrails/env-first-secret-resolution src/server/mail.ts:5",
  ];
  // The README's `npx eslint .` (stylish): `path` lines, then `  line:col  severity  message  rule`.
  let file = "";
  const plain = [];
  for (const line of outputs.get("npx eslint .").stdout.split("\n")) {
    if (line.startsWith(app)) file = line.slice(app.length + 1);
    const message = /^\s+(\d+):\d+\s+(?:error|warning)\s.*\s(\S+)$/.exec(line);
    if (message) plain.push(`${message[2]} ${file}:${message[1]}`);
  }
  check(JSON.stringify(plain.sort()) === JSON.stringify([...OUR_ESLINT].sort()), `eslint: exactly our findings (got ${JSON.stringify(plain)})`);

  // Independent runs side by side: the README's type-checked config, an eslint.config.cjs, the CLI's JSON and SARIF.
  writeFileSync(join(app, "eslint.typed.config.mjs"), typedConfig);
  writeFileSync(join(app, "eslint.config.cjs"), 'const tseslint = require("typescript-eslint");\nconst secretGuardrails = require("eslint-plugin-secret-guardrails");\n\nmodule.exports = [...tseslint.configs.recommended, secretGuardrails.configs.recommended];\n');
  const [typedRun, cjsRun, reports] = await Promise.all([
    shAsync("npx eslint --config eslint.typed.config.mjs src next.config.ts eslint.config.mjs --format json"),
    // (src only: typescript-eslint's recommended forbids the require() calls of eslint.config.cjs itself.)
    shAsync("npx eslint --config eslint.config.cjs src --format json"),
    shAsync("npx guardrails check . --format json -o out/report.json --format sarif -o out/report.sarif"),
  ]);
  const eslintMessages = (result) =>
    JSON.parse(result.stdout).flatMap((entry) => entry.messages.map((message) => `${message.ruleId ?? `fatal: ${message.message}`} ${entry.filePath.slice(app.length + 1)}:${message.line}`));
  const typed = eslintMessages(typedRun);
  check(!typed.some((message) => message.startsWith("fatal")) && OUR_ESLINT.every((finding) => typed.includes(finding)), `eslint with the README's type-checked config: no parse error (eslint.config.mjs, next.config.ts), our findings (got ${JSON.stringify(typed)})`);
  const cjs = eslintMessages(cjsRun);
  check(JSON.stringify(cjs.sort()) === JSON.stringify([...OUR_ESLINT].sort()), "eslint.config.cjs: require() gives the plugin with its configs");

  const types = await typesPending;
  check(types?.status === 0, `types: defineConfig, tseslint.config, Linter.Config and ESLint.Plugin accept the plugin under --strict without skipLibCheck${types?.status === 0 ? "" : `\n${types?.stdout}`}`);

  // The CLI: the README's `check .` printed the stylish report; JSON and SARIF of the same run.
  const stylish = outputs.get("npx guardrails check .").stdout;
  check(/^✖ 6 problems \(6 errors, 0 warnings\) in 4 files \(\d+ files analysed in [\d.]+ m?s\)$/m.test(stylish), "check: the summary line");
  expectExit(reports, 1, "check . --format json --format sarif");
  const report = JSON.parse(readFileSync(join(app, "out/report.json"), "utf8"));
  const findings = report.findings.map((finding) => `${finding.category} ${finding.file}:${finding.line}`);
  const EXPECTED = [
    "missing-env-guidance src/app/admin/settings/page.tsx:10",
    "raw-secret-response src/server/api/routers/settings.ts:8",
    "secret-in-admin-input src/server/api/routers/settings.ts:12",
    "secret-settings-write src/server/api/routers/settings.ts:16",
    "missing-secret-cleanup src/server/cleanup.ts:7",
    "db-before-env src/server/mail.ts:5",
  ];
  check(JSON.stringify(findings) === JSON.stringify(EXPECTED), `check: the six findings (got ${JSON.stringify(findings)})`);
  check(report.registry?.source === "config" && report.registry.config === "guardrails.config.json", "check: the report says what it checked");
  const inventory = Object.fromEntries((report.inventory ?? []).map((entry) => [entry.secret, entry]));
  check(
    JSON.stringify(inventory.smtpPassword?.declaredIn) === '[".env.example"]' &&
      JSON.stringify(inventory.openaiApiKey?.declaredIn) === '["src/env.ts"]' &&
      inventory.anonymizationSeed?.declaredIn.length === 0 &&
      inventory.smtpPassword.writtenToSettings === 1 &&
      inventory.smtpPassword.readDbFirst === 1 &&
      inventory.smtpPassword.returnedByAdmin === 1 &&
      inventory.smtpPassword.acceptedByAdminInput === 1 &&
      inventory.anonymizationSeed.clearedByCleanup === false &&
      inventory.openaiApiKey.namedByUi === false,
    "check: the secret inventory",
  );
  const sarif = JSON.parse(readFileSync(join(app, "out/report.sarif"), "utf8"));
  const sarifSchema = JSON.parse(readFileSync(join(WORKSPACE, "packages/cli/test/sarif-schema-2.1.0.json"), "utf8"));
  const validSarif = ajv.validate(sarifSchema, sarif);
  check(validSarif, `check: valid SARIF 2.1.0${validSarif ? "" : ` ${JSON.stringify(ajv.errors)}`}`);
  const rules = sarif.runs.flatMap((run) => run.tool.driver.rules);
  check(
    rules.length > 0 && rules.every((rule) => rule.help.markdown?.startsWith(`# ${rule.name}\n`) && Number(rule.properties["security-severity"]) > 0),
    "check: SARIF rules carry their doc page and a security-severity",
  );

  step("guardrail-report and the GitHub Action");
  const summary = join(work, "step-summary.md");
  writeFileSync(summary, "");
  const ci = sh("npx guardrail-report .", { env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary } });
  expectExit(ci, 1, "npx guardrail-report .");
  check(/^::error file=src\/server\/mail\.ts,line=5,/m.test(ci.stdout), "guardrail-report: annotations");
  const markdown = readFileSync(summary, "utf8");
  check(markdown.startsWith("## Architecture Guardrails\n") && markdown.indexOf("### Secret inventory") < markdown.indexOf("### secret-settings-write"), "guardrail-report: the job summary, the inventory table at the top");
  check(existsSync(join(app, "guardrail-report/report.sarif")), "guardrail-report: report.sarif");

  const action = parseYaml(readFileSync(join(WORKSPACE, "action.yml"), "utf8"));
  const reportStep = action.runs.steps.find((item) => item.id === "report");
  const githubOutput = join(work, "github-output.txt");
  writeFileSync(githubOutput, "");
  rmSync(join(app, "guardrail-report"), { recursive: true, force: true });
  const actionRun = spawnSync("bash", ["-e", "-c", reportStep.run], {
    cwd: app,
    encoding: "utf8",
    env: { ...env, GITHUB_ACTIONS: "true", GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: summary, GUARDRAIL_REPORT_DIR: "guardrail-report", INPUT_ROOT: ".", INPUT_ARGS: "" },
  });
  const actionOutputs = readFileSync(githubOutput, "utf8");
  check(
    actionRun.status === 0 && actionOutputs.includes("exit-code=1\n") && actionOutputs.includes(`sarif-file=${join(app, "guardrail-report/report.sarif")}\n`),
    `the action's report step runs the app's installed CLI (outputs: ${JSON.stringify(actionOutputs)})`,
  );
  expectExit(sh("npx guardrails --help", { show: false }), 0, "npx guardrails --help");
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.log(`  FAIL ${failures.at(-1)}`);
} finally {
  if (process.argv.includes("--keep")) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.log(`\nconsumer smoke test: ${failures.length} failed (${seconds} s)`);
  process.exit(1);
}
console.log(`\nconsumer smoke test: passed (${seconds} s)`);
