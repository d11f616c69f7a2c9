/**
 * Defence in depth for "never quote scanned code": every hostile fixture (`fixtures/hostile/*`) is
 * copied with random tokens (`sk_live_` + hex) planted in every string and template literal that is
 * not a module specifier or a name-like key, in comments, in JSX attributes, in the Prisma schema,
 * in config values that are never names (globs, `$schema`), in `package.json`, `.env` and in file
 * and directory names of files with nothing to report. Then every output of the CLI is grepped for
 * any 12-character piece of any token: all five formats plain and with --verbose --debug (stdout
 * and stderr), --update-baseline and the baseline file, a run against the baseline, three shards,
 * their merge, and the exit-2 messages of a broken config and an incomplete merge.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../src/reporters/index.js";
import { copyFixture, FIXTURES, makeRepo, run, walk, type RunResult } from "./support.js";

const HOSTILE = join(FIXTURES, "hostile");
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

class Planter {
  readonly tokens: string[] = [];
  token(): string {
    const token = `sk_live_${randomBytes(12).toString("hex")}`;
    this.tokens.push(token);
    return token;
  }
}

/** Is this string literal a module specifier (`import`, `export ... from`, `require`, `import()`)? */
function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isModuleDeclaration(parent)) return true;
  if (ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === "require"));
}

/** Plants a token at the start of every literal's text (not in specifiers and name-like keys) and in comments. */
function plantSource(file: string, text: string, planter: Planter): string {
  const kind = file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (!isModuleSpecifier(node) && !/^[A-Za-z_$][\w$]*$/.test(node.text)) inserts.push({ at: node.getStart(source) + 1, text: planter.token() });
    } else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      inserts.push({ at: node.getStart(source) + 1, text: planter.token() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const insert of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, insert.at) + insert.text + out.slice(insert.at);
  return `// ${planter.token()}\n/* ${planter.token()} */\n${out}\n// ${planter.token()}\n`;
}

/** A copy of the fixture with tokens planted everywhere a value or free text can sit. */
function plantedCopy(name: string, planter: Planter): string {
  const root = copyFixture(`hostile/${name}`);
  for (const file of walk(root)) {
    const path = join(root, file);
    const text = readFileSync(path, "utf8");
    if (SOURCE.test(file)) {
      writeFileSync(path, plantSource(file, text, planter));
    } else if (file.endsWith(".prisma")) {
      writeFileSync(path, `// ${planter.token()}\n${text.replace(/^(\s+\w+\s+String\??)(?![^\n]*@default)/m, `$1 @default("${planter.token()}")`)}`);
    } else if (file.endsWith("guardrails.config.json")) {
      const config = JSON.parse(text) as Record<string, unknown>;
      config.$schema = planter.token();
      config.exclude = [...((config.exclude as string[] | undefined) ?? ["**/node_modules/**"]), `**/${planter.token()}/**`];
      writeFileSync(path, JSON.stringify(config, null, 2));
    } else if (file.endsWith("package.json")) {
      writeFileSync(path, JSON.stringify({ ...(JSON.parse(text) as object), description: planter.token() }, null, 2));
    }
  }
  writeFileSync(join(root, ".env"), `SMTP_PASSWORD=${planter.token()}\n`);
  // File and directory names of files with nothing to report.
  const dir = join(root, "src", planter.token());
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "notes.txt"), `${planter.token()}\n`);
  writeFileSync(join(root, "src", `${planter.token()}.ts`), `export const greeting = "${planter.token()}";\n`);
  writeFileSync(join(root, `${planter.token()}.md`), `${planter.token()}\n`);
  return root;
}

let outputsChecked = 0;
let tokensPlanted = 0;
afterAll(() => {
  console.info(`planted-tokens: ${tokensPlanted} tokens planted, ${outputsChecked} outputs grepped`);
});

function expectNoToken(outputs: ReadonlyMap<string, string>, tokens: readonly string[]): void {
  const leaks: string[] = [];
  for (const [label, text] of outputs) {
    for (const token of tokens) {
      const hex = token.slice("sk_live_".length);
      const pieces = [token, ...Array.from({ length: hex.length - 11 }, (_, i) => hex.slice(i, i + 12))];
      if (pieces.some((piece) => text.includes(piece))) leaks.push(`${label}: ${token}`);
    }
  }
  outputsChecked += outputs.size;
  expect(leaks).toEqual([]);
}

const fixtures = readdirSync(HOSTILE, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe.each(fixtures)("no planted token in any output: fixtures/hostile/%s", (name) => {
  const planter = new Planter();
  const root = plantedCopy(name, planter);
  const out = makeRepo({});
  const outputs = new Map<string, string>();
  const record = (label: string, result: RunResult) => {
    outputs.set(`${label} stdout`, result.stdout);
    outputs.set(`${label} stderr`, result.stderr);
  };
  const files = (label: string, prefix: string) => {
    for (const format of FORMATS) {
      const file = join(out, `${prefix}.${format}`);
      if (existsSync(file)) outputs.set(`${label} ${format} file`, readFileSync(file, "utf8"));
    }
  };
  const allFormats = (prefix: string) => FORMATS.flatMap((format) => ["--format", format, "--output", join(out, `${prefix}.${format}`)]);

  it("plants tokens in every kind of place (so the grep means something)", () => {
    tokensPlanted += planter.tokens.length;
    expect(planter.tokens.length).toBeGreaterThanOrEqual(20);
    const tree = walk(root).map((file) => `${file}\n${readFileSync(join(root, file), "utf8")}`).join("\n");
    for (const token of planter.tokens) expect(tree).toContain(token);
  });

  it("check: every format, plain and --verbose --debug, the baseline and a run against it", async () => {
    const plain = await run(["check", root, ...allFormats("plain")]);
    expect(plain.code).toBe(1);
    record("plain", plain);
    files("plain", "plain");
    expect(JSON.parse(readFileSync(join(out, "plain.json"), "utf8")).findings.length).toBeGreaterThanOrEqual(1);
    for (const format of FORMATS) record(`${format} --verbose --debug`, await run(["check", root, "--format", format, "--verbose", "--debug"]));
    const baseline = join(out, "baseline.json");
    record("update-baseline", await run(["check", root, "--baseline", baseline, "--update-baseline", "--format", "json", "--debug"]));
    outputs.set("baseline file", readFileSync(baseline, "utf8"));
    record("baselined", await run(["check", root, "--baseline", baseline, "--verbose", ...allFormats("baselined")]));
    files("baselined", "baselined");
    expectNoToken(outputs, planter.tokens);
  });

  it("shards, their merge, and exit-2 messages", async () => {
    const shards = [1, 2, 3].map((index) => join(out, `shard-${index}.json`));
    for (const [index, file] of shards.entries()) {
      record(`shard ${index + 1}`, await run(["check", root, "--shard", `${index + 1}/3`, "--format", "json", "--output", file, "--debug"]));
      outputs.set(`shard ${index + 1} file`, readFileSync(file, "utf8"));
    }
    record("merge", await run(["merge", ...shards, "--verbose", "--debug", ...allFormats("merged")]));
    files("merge", "merged");
    const incomplete = await run(["merge", shards[0]!, shards[2]!, "--debug"]);
    record("incomplete merge", incomplete);
    const broken = join(out, "broken.json");
    writeFileSync(broken, `{ "secrets": { "smtpPassword": { "env": "${planter.token()}" } }, "$schema": ${planter.token()} }`);
    const brokenConfig = await run(["check", root, "--config", broken, "--debug"]);
    expect(brokenConfig.code).toBe(2);
    record("broken config", brokenConfig);
    expectNoToken(outputs, planter.tokens);
  });
});
