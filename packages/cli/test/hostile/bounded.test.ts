/**
 * Bounded: huge files, deep nesting, 100,000-line files, CRLF, BOM, unicode identifiers, paths with
 * spaces and non-ASCII characters, and files that are not regular files: no crash, no hang, correct
 * positions, memory within the performance budget (peak RSS <= 1.5 GB).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { baseFiles, secretWrite } from "../helpers.js";
import { brief, checkJson, expectEveryFileAccountedFor, makeRepo, run, runBin, WORKSPACE } from "./support.js";

const DEPTH = 10_000;
const MEMORY_BUDGET_MB = 1536;
const terms = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i));

/** Each file uses the settings delegate or names a secret, so both engines must parse it. */
const DEEP: Record<string, string> = {
  "src/deep/parens.ts": `prisma.systemSettings;\nexport const systemSettings = ${"(".repeat(DEPTH)}1${")".repeat(DEPTH)};\n`,
  "src/deep/arrays.ts": `prisma.systemSettings;\nexport const systemSettings = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`,
  "src/deep/objects-in-write.ts": `import { prisma } from "../db";\nexport const w = prisma.systemSettings.update({ where: { id: "s" }, data: ${"{ a: ".repeat(DEPTH)}1${" }".repeat(DEPTH)} });\n`,
  "src/deep/calls.ts": `prisma.systemSettings;\nexport const systemSettings = ${"f(".repeat(DEPTH)}${")".repeat(DEPTH)};\n`,
  "src/deep/binary.ts": `export const smtpPassword = ${terms(DEPTH, (i) => `a${i % 10}`).join(" + ")};\n`,
  "src/deep/strings.ts": `export const smtpPassword = ${terms(DEPTH, (i) => `"p${i}"`).join(" + ")};\n`,
  "src/deep/nullish.ts": `export const smtpPassword = ${terms(DEPTH, (i) => `process.env.X${i}`).join(" ?? ")};\n`,
  "src/deep/ternary.ts": `export const smtpPassword = ${"c ? 1 : ".repeat(DEPTH)}0;\n`,
  "src/deep/members.ts": `export const q = prisma.systemSettings${".a".repeat(DEPTH)};\n`,
  "src/deep/blocks.ts": `prisma.systemSettings;\nexport function f(systemSettings: boolean) {\n${"if (systemSettings) {\n".repeat(DEPTH)}${"}\n".repeat(DEPTH)}}\n`,
  "src/deep/arrows.ts": `prisma.systemSettings;\nexport const systemSettings = ${"() => ".repeat(DEPTH)}0;\n`,
  "src/deep/functions.ts": `prisma.systemSettings;\nexport const systemSettings = 1;\n${"function f() {\n".repeat(DEPTH)}${"}\n".repeat(DEPTH)}`,
  "src/deep/templates.ts": `export const smtpPassword = ${"`${".repeat(DEPTH)}1${"}`".repeat(DEPTH)};\n`,
  "src/deep/types.ts": `export type SmtpPassword = ${"Array<".repeat(DEPTH)}string${">".repeat(DEPTH)};\ndeclare const smtpPassword: SmtpPassword;\n`,
  "src/deep/jsx.tsx": `export const smtpPassword = ${"<div>".repeat(DEPTH)}x${"</div>".repeat(DEPTH)};\n`,
};

afterAll(() => {
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.info(`bounded: peak RSS of this test process ${peak} MB`);
});

describe("deep nesting (10,000 levels)", () => {
  it("every deeply nested file is analysed or an analysis-error; no check crashes; the rest is still checked", async () => {
    const root = makeRepo(baseFiles({ ...DEEP, "src/settings.ts": secretWrite() }));
    const started = performance.now();
    const report = await checkJson(root);
    const seconds = (performance.now() - started) / 1000;
    expect(report.findings.filter((finding) => finding.category !== "analysis-error").map((finding) => `${finding.file} ${finding.category}`)).toEqual([
      "src/settings.ts secret-settings-write",
    ]);
    const errored = new Set(report.findings.filter((finding) => finding.category === "analysis-error").map((finding) => finding.file));
    expect([...errored].sort()).toEqual(Object.keys(DEEP).sort());
    for (const finding of report.findings) expect(finding.message).not.toMatch(/failed \(|bug in Secret Guardrails/);
    expectEveryFileAccountedFor(root, report);
    expect(seconds).toBeLessThan(120);
  }, 240_000);

  it("500 levels are analysed like any file (the write inside is found)", async () => {
    const write = `import { prisma } from "./db";\nexport const w = prisma.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: ${terms(500, (i) => `"p${i}"`).join(" + ")} } });\n`;
    const report = await checkJson(makeRepo(baseFiles({ "src/long-concat.ts": write })));
    expect(brief(report)).toEqual(["src/long-concat.ts secret-settings-write 2:77"]);
  }, 120_000);
});

describe("huge files", () => {
  it("a 10 MB file is an analysis-error (too large) at once; a 1 MB one is analysed", async () => {
    const lines = (bytes: number) => terms(Math.ceil(bytes / 60), (i) => `export const value${i} = ${i}; // ${"x".repeat(30)}`).join("\n");
    const root = makeRepo(
      baseFiles({
        "src/huge.ts": `import { prisma } from "./db";\nexport const w = prisma.systemSettings.findFirst();\n${lines(10 * 1024 * 1024)}\n`,
        "src/large.ts": `import { prisma } from "./db";\nexport const w = prisma.systemSettings.findFirst();\n${lines(1024 * 1024)}\n`,
        "src/settings.ts": secretWrite(),
      }),
    );
    const report = await checkJson(root);
    expect(brief(report)).toEqual(["src/huge.ts analysis-error 1:1", "src/settings.ts secret-settings-write 4:68"]);
    expect(report.findings[0]!.message).toMatch(/too large \(1\d{7} bytes; the limit is 4194304\)/);
    expect(report.summary.durationMs).toBeLessThan(120_000);
  }, 240_000);

  it("a 100,000-line file with CRLF line ends: the finding after it sits at the right line and column", async () => {
    // 100,000 lines the parsers must scan (a template literal), then a write.
    const body = terms(100_000, (i) => `line ${i} of the generated help text`).join("\r\n");
    const text = `import { prisma } from "./db";\r\nexport const HELP = \`${body}\`;\r\nexport const w = prisma.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: "x" } });\r\n`;
    const root = makeRepo(baseFiles({ "src/long.ts": text }));
    const report = await checkJson(root);
    expect(brief(report)).toEqual(["src/long.ts secret-settings-write 100002:77"]);
    expect(report.summary.durationMs).toBeLessThan(120_000);
  }, 240_000);

  it("a 100,000-line file of statements that names nothing relevant costs a pre-scan only", async () => {
    const root = makeRepo(baseFiles({ "src/table.ts": terms(100_000, (i) => `export const entry${i} = ${i};`).join("\n") }));
    const report = await checkJson(root);
    expect(brief(report)).toEqual([]);
    expect(report.summary.filesAnalyzed).toBe(4);
    expect(report.summary.durationMs).toBeLessThan(60_000);
  }, 120_000);
});

describe("encodings, identifiers and paths", () => {
  it("BOM, CRLF and unicode identifiers: exact positions", async () => {
    const crlf = (lines: string[]) => lines.join("\r\n");
    const root = makeRepo(
      baseFiles({
        "src/bom-crlf.ts": `\uFEFF${crlf([
          'import { prisma } from "./db";',
          "",
          "export async function sauvegarder(entrée: { smtpPassword: string }) {",
          "  const données = { smtpPassword: entrée.smtpPassword };",
          '  await prisma.systemSettings.update({ where: { id: "s" }, data: { ...données } });',
          "}",
          "",
        ])}`,
        "src/unicode.ts": [
          'import { prisma } from "./db";',
          "const 密码 = process.argv[2];",
          "// 𝒮𝑒𝒸𝓇𝑒𝓉 in a comment: astral characters count as two UTF-16 units",
          'export const 𝑤 = () => prisma.systemSettings.update({ where: { id: "ß" }, data: { smtpPassword: 密码 } });',
          "",
        ].join("\n"),
      }),
    );
    const report = await checkJson(root);
    expect(brief(report)).toEqual(["src/bom-crlf.ts secret-settings-write 4:21", "src/unicode.ts secret-settings-write 4:84"]);
  });

  it("paths with spaces, non-ASCII, brackets, commas, percent signs: reported as is, valid SARIF, escaped annotations", async () => {
    const files = {
      "src/my settings/ünïcødé save.ts": secretWrite(),
      "src/日本語/設定.ts": secretWrite(),
      "app/api/admin/[id]/route (copy).ts": secretWrite(),
      "src/a,b:c/100% done.ts": secretWrite(),
    };
    const root = makeRepo(baseFiles(files));
    const report = await checkJson(root);
    expect(report.findings.map((finding) => finding.file).sort()).toEqual(Object.keys(files).sort());

    const sarif = await run(["check", root, "--format", "sarif"]);
    const log = JSON.parse(sarif.stdout) as { runs: { results?: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(WORKSPACE, "packages/cli/test/sarif-schema-2.1.0.json"), "utf8")) as object);
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const uris = log.runs.flatMap((r) => r.results ?? []).map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.map((uri) => decodeURIComponent(uri)).sort()).toEqual(Object.keys(files).sort());
    for (const uri of uris) expect(uri).not.toMatch(/[ \u0080-\uffff%](?![0-9A-F]{2})/);

    const github = await run(["check", root, "--format", "github"]);
    const annotations = github.stdout.split("\n").filter((line) => line.startsWith("::error "));
    expect(annotations).toHaveLength(4);
    // Workflow-command properties escape %, comma and colon.
    expect(github.stdout).toContain(`::error file=${root}/src/a%2Cb%3Ac/100%25 done.ts,line=4,col=68,`);
  }, 120_000);
});

describe("files that are not regular files", () => {
  it("a FIFO and symlinks to /dev/zero and /dev/urandom are analysis-errors; the run ends (built CLI, child process)", () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    execFileSync("mkfifo", [join(root, "src/pipe.ts")]);
    symlinkSync("/dev/zero", join(root, "src/zero.ts"));
    symlinkSync("/dev/urandom", join(root, "src/random.ts"));
    // In places read as configuration too: a package.json and a tsconfig extends.
    symlinkSync("/dev/zero", join(root, "src/package.json"));
    writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "strict": true } }');
    // A synchronous read of these blocks or never ends: only a child process can be timed out.
    const result = runBin(["check", root, "--format", "json"], 90_000);
    expect({ signal: result.signal, status: result.status, stderr: result.stderr }).toEqual({ signal: null, status: 1, stderr: "" });
    const report = JSON.parse(result.stdout) as { findings: { file: string; category: string; message: string }[] };
    expect(report.findings.map((finding) => `${finding.file} ${finding.category}`)).toEqual([
      "src/pipe.ts analysis-error",
      "src/random.ts analysis-error",
      "src/settings.ts secret-settings-write",
      "src/zero.ts analysis-error",
    ]);
    for (const finding of report.findings.filter((f) => f.category === "analysis-error")) {
      expect(finding.message).toContain("is not a regular file");
    }
  }, 120_000);

  it("a tsconfig.json extending /dev/zero is exit 2 with one line, not a hang (a device is no tsconfig)", () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "tsconfig.json": '{ "extends": "/dev/zero" }' }));
    const result = runBin(["check", root], 90_000);
    expect({ signal: result.signal, status: result.status }).toEqual({ signal: null, status: 2 });
    expect(result.stderr).toBe('guardrails: invalid tsconfig: tsconfig.json: "extends" target "/dev/zero" does not exist\n');
  }, 120_000);
});

describe("memory", () => {
  it(`the peak RSS of this process (all of the above in it) stays within ${MEMORY_BUDGET_MB} MB`, () => {
    expect(process.resourceUsage().maxRSS / 1024).toBeLessThan(MEMORY_BUDGET_MB);
  });
});
