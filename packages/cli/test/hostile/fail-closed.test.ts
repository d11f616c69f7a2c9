/**
 * Fail closed: an input the tool cannot use is exit 2 with one line naming the file and the
 * problem (a stack only with --debug); a file it cannot analyse is an `analysis-error` finding
 * with the reason, and never hides the findings of the other files.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles, secretWrite } from "../helpers.js";
import { SYNOPSIS } from "../../src/main.js";
import { brief, checkJson, expectEveryFileAccountedFor, makeRepo, run } from "./support.js";

/** The message of an exit-2 run: one line (plus the usage hint for command-line mistakes), no stack. */
async function expectExit2(args: readonly string[], firstLine: string | RegExp, cwd?: string): Promise<void> {
  const result = await run(args, cwd ? { cwd } : {});
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n").filter(Boolean);
  if (typeof firstLine === "string") expect(lines[0]).toBe(firstLine);
  else expect(lines[0]).toMatch(firstLine);
  // A usage error is followed by the synopsis; any other error stands alone.
  const usage = [...SYNOPSIS.split("\n").filter(Boolean), "Run `guardrails --help` for every option."];
  expect(lines.length === 1 || lines.slice(1).join("\n") === usage.join("\n")).toBe(true);
  expect(result.stderr).not.toMatch(/^\s+at /m);

  const debug = await run([...args, "--debug"], cwd ? { cwd } : {});
  expect(debug.code).toBe(2);
  expect(debug.stderr.split("\n")[0]).toBe(lines[0]);
}

describe("unusable inputs: exit 2, one line naming the file and the problem", () => {
  const config = (text: string) => makeRepo(baseFiles({ "guardrails.config.json": text }));

  it.each([
    ["broken JSON", '{ "settingsModels": ["SystemSettings"], }', 'is not valid JSON (expected a double-quoted property name at line 1, column 41)'],
    ["a JSON array", "[]", "must contain a JSON object"],
    ["an unknown key", '{ "settingModels": ["SystemSettings"] }', '"settingModels" is not a known key (expected one of: $schema, settingsModels, secrets, include, exclude, admin, envObjects, configSources)'],
    ["a wrong type", '{ "include": "src/**" }', '"include" must be an array of strings'],
    ["an invalid regular expression", '{ "admin": { "procedurePattern": "(admin" } }', '"admin.procedurePattern" is not a valid regular expression'],
    ["an empty file", "", "is not valid JSON (unexpected end of input at line 1, column 1)"],
  ])("guardrails.config.json with %s", async (_name, text, problem) => {
    const root = config(text);
    await expectExit2(["check", root], new RegExp(`^guardrails: invalid config: ${escape(join(root, "guardrails.config.json"))}: ${escape(problem)}`));
  });

  it("guardrails.config.json that is a directory", async () => {
    const root = makeRepo(baseFiles());
    mkdirSync(join(root, "guardrails.config.json"));
    await expectExit2(["check", root], `guardrails: invalid config: ${join(root, "guardrails.config.json")}: is a directory`);
  });

  it("a --config file that does not exist", async () => {
    const root = makeRepo(baseFiles());
    await expectExit2(["check", root, "--config", join(root, "nope.json")], `guardrails: invalid config: ${join(root, "nope.json")}: does not exist`);
  });

  it.each([
    ["broken JSON", { "tsconfig.json": '{ "compilerOptions": { "strict": true ' }, "tsconfig.json: is not valid JSON ('}' expected. at 1:39)"],
    ["a missing extends target", { "tsconfig.json": '{ "extends": "./tsconfig.base.json" }' }, 'tsconfig.json: "extends" target "./tsconfig.base.json" does not exist'],
    [
      "a circular extends chain",
      { "tsconfig.json": '{ "extends": "./a.json" }', "a.json": '{ "extends": "./tsconfig.json" }' },
      'tsconfig.json: has a circular "extends" chain through tsconfig.json',
    ],
    ["a nested package's broken tsconfig", { "packages/api/tsconfig.json": "{ nope" }, /^packages\/api\/tsconfig\.json: is not valid JSON \(/],
  ])("a tsconfig.json with %s", async (_name, files, problem) => {
    const root = makeRepo(baseFiles(files as Record<string, string>));
    await expectExit2(
      ["check", root],
      typeof problem === "string" ? `guardrails: invalid tsconfig: ${problem}` : new RegExp(`^guardrails: invalid tsconfig: ${problem.source.slice(1)}`),
    );
  });

  it("a ROOT that does not exist, is a dangling symlink, or is a file outside the working directory", async () => {
    const dir = makeRepo({ "file.txt": "x\n" });
    await expectExit2(["check", join(dir, "nope")], `guardrails: ROOT "${join(dir, "nope")}" does not exist`);
    symlinkSync(join(dir, "gone"), join(dir, "link"));
    await expectExit2(["check", join(dir, "link")], `guardrails: ROOT "${join(dir, "link")}" does not exist`);
    await expectExit2(["check", join(dir, "file.txt")], `guardrails: "${join(dir, "file.txt")}" is not inside ROOT "."`, makeRepo({}));
  });

  it("a baseline that is not JSON names the file and the position, never its content", async () => {
    const root = makeRepo(baseFiles());
    writeFileSync(join(root, "baseline.json"), "entries: nope\n");
    await expectExit2(["check", root, "--baseline", join(root, "baseline.json")], `guardrails: ${join(root, "baseline.json")}: is not valid JSON (unexpected character at line 1, column 1)`);
  });
});

describe("files that cannot be analysed: analysis-error findings, the rest still checked", () => {
  it("reports each bad file with its reason and still reports the violation next to them", async () => {
    const root = makeRepo(
      baseFiles({
        "src/settings.ts": secretWrite(),
        // Relevant (it names a secret), so it must parse.
        "src/syntax.ts": "export const smtpPassword = ;\n",
        // Irrelevant and broken: the pre-scan analyses it (nothing in it can matter).
        "src/irrelevant.ts": "export const answer = 1 +;\n",
        "prisma/broken/schema.prisma": "model SystemSettings {\n  id String @id\n",
        // A directory named like a source file: its content is analysed, it is no file itself.
        "src/dir.ts/inner.ts": secretWrite(),
        "src/dir.ts/db.ts": "export const prisma: any = {};\n",
      }),
    );
    writeFileSync(join(root, "src/latin1.ts"), Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0xff, 0x0a]));
    writeFileSync(join(root, "src/huge.ts"), `// ${"x".repeat(5 * 1024 * 1024)}\n`);
    symlinkSync(join(root, "src/missing-target.ts"), join(root, "src/dangling.ts"));
    symlinkSync("loop-b.ts", join(root, "src/loop-a.ts"));
    symlinkSync("loop-a.ts", join(root, "src/loop-b.ts"));
    symlinkSync("self.ts", join(root, "src/self.ts"));

    const report = await checkJson(root);
    expect(brief(report)).toEqual([
      "prisma/broken/schema.prisma analysis-error 2:1",
      "src/dangling.ts analysis-error 1:1",
      "src/dir.ts/inner.ts secret-settings-write 4:68",
      "src/huge.ts analysis-error 1:1",
      "src/latin1.ts analysis-error 1:1",
      "src/loop-a.ts analysis-error 1:1",
      "src/loop-b.ts analysis-error 1:1",
      "src/self.ts analysis-error 1:1",
      "src/settings.ts secret-settings-write 4:68",
      "src/syntax.ts analysis-error 1:29",
    ]);
    const reasons = Object.fromEntries(report.findings.filter((f) => f.category === "analysis-error").map((f) => [f.file, f.message]));
    expect(reasons["src/dangling.ts"]).toContain("does not exist (missing file or dangling symlink)");
    expect(reasons["src/loop-a.ts"]).toContain("is a symlink loop");
    expect(reasons["src/self.ts"]).toContain("is a symlink loop");
    expect(reasons["src/latin1.ts"]).toContain("not valid UTF-8");
    expect(reasons["src/huge.ts"]).toMatch(/too large \(\d+ bytes; the limit is 4194304\)/);
    expect(reasons["src/syntax.ts"]).toContain("syntax error: Expression expected");
    expect(report.findings.every((finding) => finding.severity === "error")).toBe(true);
    expectEveryFileAccountedFor(root, report);
  });

  // typescript-estree's TSError.column is 0-based and ESLint passes it through; the engine adds 1.
  // The `;` of `export const smtpPassword = ;` is column 29 (TypeScript's own diagnostic agrees).
  it("a parse error points at the offending token (1-based column)", async () => {
    const root = makeRepo(baseFiles({ "src/syntax.ts": "export const smtpPassword = ;\n" }));
    const report = await checkJson(root);
    expect(brief(report)).toContain("src/syntax.ts analysis-error 1:29");
  });

  // Found by the fuzz test: a check walked into the broken file through the UI's imports and
  // ts-morph threw ("Expected the module specifier to be a string literal"), losing the check.
  it("a broken file imported by a checked file is reported, and no check crashes on it", async () => {
    const root = makeRepo(
      baseFiles({
        "app/admin/settings/page.tsx": 'import { Form } from "./form";\nexport default function Page() {\n  return <Form />;\n}\n',
        "app/admin/settings/form.tsx": "import x from y;\nexport function Form() {\n  return <p>SMTP_PASSWORD</p>;\n}\n",
      }),
    );
    const report = await checkJson(root);
    expect(report.findings.map((finding) => `${finding.file} ${finding.category} ${finding.line}:${finding.column}`)).toEqual([
      "app/admin/settings/form.tsx analysis-error 1:15",
    ]);
  });

  it("an analysis error fails the run even with a baseline that lists it (never baselined)", async () => {
    const root = makeRepo(baseFiles({ "src/syntax.ts": "export const smtpPassword = ;\n" }));
    const baseline = join(root, "baseline.json");
    const updated = await run(["check", root, "--baseline", baseline, "--update-baseline", "--format", "json"]);
    expect(updated.code).toBe(1);
    const again = await run(["check", root, "--baseline", baseline, "--format", "json"]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).summary.errors).toBe(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
