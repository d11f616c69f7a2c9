import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { baseFiles, CLEAN, makeRepo, run, secretWrite, writeFiles } from "../test/helpers.js";
import { SYNOPSIS, USAGE } from "./main.js";
import { FORMATS } from "./reporters/index.js";
import { TOOL_NAME, TOOL_VERSION, type Report } from "./report.js";

const parseJson = (text: string) => JSON.parse(text) as Report;
const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));

describe("guardrails (usage)", () => {
  it("--help lists the commands, options, formats and exit codes", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const text of ["check [ROOT] [FILE...]", "merge REPORT.json", "--staged", "--changed-since", "--shard", "--baseline", "--update-baseline", "--max-warnings", "--quiet", "--debug", ...FORMATS, "Exit codes:"]) {
      expect(stdout).toContain(text);
    }
  });

  it("--version prints the version", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("exits 2 without a command, with the usage on stderr", async () => {
    expect(await run([])).toEqual({ code: 2, stdout: "", stderr: USAGE });
  });

  it("exits 2 on an unknown command or option, with the closest one and the synopsis on stderr", async () => {
    const misuse = (message: string) => `guardrails: ${message}\n${SYNOPSIS}Run \`guardrails --help\` for every option.\n`;
    expect(await run(["lint"])).toEqual({ code: 2, stdout: "", stderr: misuse('unknown command "lint" (commands: check, init, print-config, merge)') });
    expect((await run(["chek"])).stderr).toBe(misuse('unknown command "chek" (did you mean check? commands: check, init, print-config, merge)'));
    expect(await run(["check", "--frobnicate"])).toEqual({ code: 2, stdout: "", stderr: misuse("unknown option --frobnicate") });
    expect((await run(["check", "--fromat", "json"])).stderr).toBe(misuse("unknown option --fromat (did you mean --format?)"));
    expect((await run(["check", "--stagd"])).stderr).toBe(misuse("unknown option --stagd (did you mean --staged?)"));
    expect((await run(["check", "-x"])).stderr).toBe(misuse("unknown option -x"));
    expect((await run(["check", "--format"])).stderr).toBe(misuse("--format needs a value"));
    expect((await run(["check", "-f", "--staged"])).stderr).toBe(misuse("-f needs a value"));
    expect((await run(["check", "--staged=yes"])).stderr).toBe(misuse("--staged takes no value"));
    expect((await run(["merge", "--staged"])).stderr).toBe(misuse("--staged is not an option of merge"));
    expect((await run(["init", "--format", "json"])).stderr).toBe(misuse("--format is not an option of init"));
  });

  it("names the docs by URLs of files that exist in the repository", async () => {
    const { stdout } = await run(["--help"]);
    const urls = [...stdout.matchAll(/https:\/\/\S+/g)].map((match) => match[0]);
    expect(urls).toEqual(["https://github.com/secret-guardrails/secret-guardrails/tree/main/docs"]);
    for (const file of ["docs/cli.md", "docs/reporters.md", "docs/rules"]) expect(existsSync(join(WORKSPACE, file)), file).toBe(true);
    expect(stdout).toContain("cli.md (every option, the caches), reporters.md (the formats), rules/ (one page per rule)");
  });

  it("exits 2 on an unknown format, listing the valid ones", async () => {
    const { code, stderr } = await run(["check", ".", "--format", "html"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown format "html" (valid formats: stylish, json, sarif, markdown, github)');
    expect((await run(["check", ".", "--format", "sarf"])).stderr).toContain('unknown format "sarf" (did you mean sarif? valid formats: stylish, json, sarif, markdown, github)');
  });

  it("exits 2 when two formats would go to stdout", async () => {
    const { code, stderr } = await run(["check", ".", "--format", "json", "--format", "sarif"]);
    expect(code).toBe(2);
    expect(stderr).toContain("at most one format can go to stdout (got json, sarif)");
  });

  it("exits 2 on a missing ROOT", async () => {
    const { code, stderr } = await run(["check", "does-not-exist-anywhere"]);
    expect(code).toBe(2);
    expect(stderr).toBe(`guardrails: ROOT "does-not-exist-anywhere" does not exist\n${SYNOPSIS}Run \`guardrails --help\` for every option.\n`);
  });

  it("exits 2 on --update-baseline without --baseline, or in a partial run", async () => {
    const root = makeRepo(baseFiles());
    expect((await run(["check", root, "--update-baseline"])).stderr).toContain("--update-baseline needs --baseline FILE");
    const partial = await run(["check", root, "--shard", "1/2", "--update-baseline", "--baseline", join(root, "b.json")]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("needs a full run");
    expect((await run(["check", root, "--shard", "3/2"])).stderr).toContain('--shard must be I/N with 1 <= I <= N, got "3/2"');
  });
});

describe("guardrails check", () => {
  it("exits 0 on a clean repo and 1 when an error-severity finding exists", async () => {
    const clean = await run(["check", makeRepo(baseFiles())]);
    expect(clean.code).toBe(0);
    expect(clean.stdout.replace(/analysed in (\d+ ms|\d+\.\d s)\)/, "analysed in N ms)")).toBe(
      [
        "✔ No guardrail problems (3 files analysed in N ms)",
        "  Checked 1 secret of SystemSettings (discovered from prisma/schema.prisma): smtpPassword (SMTP_PASSWORD)",
        "  Secret inventory: 1 secret; 1 not declared in an env example or schema",
        "",
      ].join("\n"),
    );

    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const dirty = await run(["check", root]);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain(`${root}/src/settings.ts\n  4:68  error  'smtpPassword' is written into the settings table 'SystemSettings'.`);
    expect(dirty.stdout).toMatch(/^✖ 1 problem \(1 error, 0 warnings\) in 1 file \(4 files analysed in (\d+ ms|\d\.\d s)\)$/m);
    expect(dirty.stdout).toContain("  Secret inventory: 1 secret; 1 not declared in an env example or schema, 1 written to the settings table\n");
  });

  it("exits 2 on an empty tree (no config, no schema: nothing to check is not a pass)", async () => {
    const root = makeRepo({ "README.md": "# nothing to check\n" });
    const { code, stdout, stderr } = await run(["check", root]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      `guardrails: nothing to check: no secret is registered, so no guardrail would run: there is no guardrails.config.json in ${root} or a directory above it, so secrets are discovered from the Prisma schemas; no Prisma schema was found under ${root} (schema.prisma, prisma/schema/*.prisma, "prisma.schema" of a package.json, "schema" of a prisma.config.ts). Register the runtime secrets in a guardrails.config.json at ROOT or above it, e.g. { "settingsModels": ["SystemSettings"], "secrets": { "smtpPassword": { "env": "SMTP_PASSWORD" } } }, or pass --config FILE (see docs/cli.md)\n`,
    );
  });

  it("exits 2 on an invalid config with one line naming the file and the key (a stack only with --debug)", async () => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": '{ "secrets": { "smtpPassword": { "env": 5 } } }' }));
    const { code, stdout, stderr } = await run(["check", root]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `guardrails: invalid config: ${root}/guardrails.config.json: "secrets.smtpPassword.env" is required and must be a string or an array of strings\n`,
    );
    const debug = await run(["check", root, "--debug"]);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);

    const missing = await run(["check", root, "--config", join(root, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json: does not exist");
  });

  it("exits 2 on an unusable tsconfig.json, naming it", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "tsconfig.json": '{ "extends": "./missing.json" }' }));
    const { code, stderr } = await run(["check", root]);
    expect(code).toBe(2);
    expect(stderr).toBe('guardrails: invalid tsconfig: tsconfig.json: "extends" target "./missing.json" does not exist\n');
  });

  it("never loads the target's ESLint config: the engine runs through the checker, findings carry the rules' ids", async () => {
    const root = makeRepo(
      baseFiles({
        "eslint.config.js": 'throw new Error("the target ESLint config was loaded");\n',
        "src/settings.ts": secretWrite(),
      }),
    );
    const { code, stdout, stderr } = await run(["check", root, "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(parseJson(stdout).findings.map((finding) => `${finding.engine} ${finding.ruleId} ${finding.line}:${finding.column}`)).toEqual([
      "checker secret-guardrails/no-secret-settings-write 4:68",
    ]);
  });

  it("reports a file that can matter but cannot be parsed or read as an analysis error, and still checks the rest", async () => {
    // broken.ts mentions a secret (the pre-scan selects it), so it must parse; a dangling symlink cannot be read.
    const root = makeRepo(baseFiles({ "src/broken.ts": "export const smtpPassword = ;\n", "src/settings.ts": secretWrite() }));
    symlinkSync(join(root, "missing-target.ts"), join(root, "src/dangling.ts"));
    const report = parseJson((await run(["check", root, "--format", "json"])).stdout);
    expect(report.findings.map((finding) => `${finding.file} ${finding.category}`)).toEqual([
      "src/broken.ts analysis-error",
      "src/dangling.ts analysis-error",
      "src/settings.ts secret-settings-write",
    ]);
    expect(report.summary.errors).toBe(3);
  });

  it("writes several formats in one run: each --output after its --format, one format on stdout", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const out = makeRepo({});
    const { code, stdout } = await run(
      ["check", root, "--format", "json", "--output", "r/report.json", "--format", "sarif", "-o", "r/report.sarif", "--format", "markdown", "--output-file", "r/summary.md", "--format", "github"],
      { cwd: out },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=.*\/src\/settings\.ts,line=4,col=68,/);
    const report = parseJson(readFileSync(join(out, "r/report.json"), "utf8"));
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: "secret-guardrails" }, root, summary: { errors: 1, warnings: 0, filesAnalyzed: 4 } });
    expect(JSON.parse(readFileSync(join(out, "r/report.sarif"), "utf8")).version).toBe("2.1.0");
    expect(readFileSync(join(out, "r/summary.md"), "utf8")).toContain("### secret-settings-write (1)");
  });

  it("produces byte-identical JSON across runs, except durationMs", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const once = (await run(["check", root, "--format", "json"])).stdout.replace(/"durationMs": \d+/, "");
    const twice = (await run(["check", root, "--format", "json"])).stdout.replace(/"durationMs": \d+/, "");
    expect(twice).toBe(once);
  });

  it("reports ROOT as given and file paths relative to it", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const report = parseJson((await run(["check", ".", "--format", "json"], { cwd: root })).stdout);
    expect(report.root).toBe(".");
    expect(report.findings[0]!.file).toBe("src/settings.ts");
  });

  it("colours stylish only on a TTY without NO_COLOR; shows progress only on a TTY stderr", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    expect((await run(["check", root], { stdoutTTY: true })).stdout).toContain("\u001b[31merror");
    expect((await run(["check", root], { stdoutTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await run(["check", root])).stdout).not.toContain("\u001b[");
    const tty = await run(["check", root], { stderrTTY: true });
    expect(tty.stderr).toMatch(/value flow: \d+\/\d+ files/);
    expect(tty.stderr).toMatch(/checks: 7\/7 checks/);
    expect((await run(["check", root])).stderr).toBe("");
  });

  it("keeps the file index in the cache directory, unless --no-cache", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "guardrails-cache-"));
    try {
      const root = makeRepo(baseFiles());
      await run(["check", root, "--no-cache"], { env: { GUARDRAILS_CACHE_DIR: cacheDir } });
      expect(readdirSync(cacheDir).filter((name) => name.startsWith("source-index"))).toEqual([]);
      await run(["check", root], { env: { GUARDRAILS_CACHE_DIR: cacheDir } });
      // The tree was written just now (inside the racy window): the index has no entries yet, but exists.
      expect(readdirSync(cacheDir).filter((name) => name.startsWith("source-index"))).toHaveLength(1);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("prints a timing breakdown with --debug", async () => {
    const { stderr } = await run(["check", makeRepo(baseFiles()), "--debug"]);
    expect(stderr).toMatch(/^debug: registry \d+ ms, list \d+ ms, index \d+ ms, .*; total \d+ ms; checker ran\ndebug: checker loaded \d+ files in \d+ ms \(layout \d+ ms, select \d+ ms, parse \d+ ms\); db-before-env \d+ ms, .*unregistered-secret-field \d+ ms, value-flow \d+ ms\n$/);
  });
});

describe("redaction", () => {
  it("never prints a secret value planted in a secret field, in any format, the baseline or --debug", async () => {
    const planted = `sk-live-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    const root = makeRepo(
      baseFiles({
        "src/settings.ts": secretWrite(planted),
        "src/env.ts": `export const smtpPassword = process.env.SMTP_PASSWORD ?? "${planted}";\n`,
        "src/broken.ts": `export const smtpPassword = "${planted}\n`,
      }),
    );
    const outputs: string[] = [];
    for (const format of FORMATS) {
      const result = await run(["check", root, "--format", format, "--verbose", "--debug"]);
      expect(result.code).toBe(1);
      outputs.push(result.stdout, result.stderr);
    }
    const baseline = join(root, "baseline.json");
    outputs.push((await run(["check", root, "--baseline", baseline, "--update-baseline"])).stdout, readFileSync(baseline, "utf8"));
    expect(outputs.join("\n")).toContain("smtpPassword");
    for (const output of outputs) expect(output).not.toContain(planted);
  });
});

describe("baseline", () => {
  it("round-trips, survives moved lines, and reports a new violation next to a fixed one", async () => {
    const settings = `import { prisma } from "./db";

export async function saveA(input: { smtpPassword: string }) {
  await prisma.systemSettings.update({ where: { id: "a" }, data: { smtpPassword: input.smtpPassword } });
}
`;
    const root = makeRepo(baseFiles({ "src/settings.ts": settings, "src/other.ts": secretWrite() }));
    const baseline = join(root, "guardrails.baseline.json");
    const json = async (...args: string[]) => {
      const result = await run(["check", root, "--format", "json", "--baseline", baseline, ...args]);
      return { code: result.code, report: parseJson(result.stdout), stderr: result.stderr };
    };

    const updated = await json("--update-baseline");
    expect(updated.code).toBe(0);
    expect(updated.stderr).toContain("(2 entries)");
    const written = JSON.parse(readFileSync(baseline, "utf8")) as { entries: { file: string; ruleId: string; secret: string }[] };
    expect(written.entries.map((entry) => `${entry.file} ${entry.ruleId} ${entry.secret}`)).toEqual([
      "src/other.ts secret-guardrails/no-secret-settings-write smtpPassword",
      "src/settings.ts secret-guardrails/no-secret-settings-write smtpPassword",
    ]);

    const again = await json();
    expect(again.code).toBe(0);
    expect(again.report.summary).toMatchObject({ errors: 0, baselined: 2, fixedBaselineEntries: 0 });
    expect(again.report.findings.every((finding) => finding.baselined)).toBe(true);
    const stylish = await run(["check", root, "--baseline", baseline]);
    expect(stylish.stdout).toContain("2 baselined findings not shown (--verbose shows them)");
    expect(stylish.stdout).not.toContain("src/settings.ts");

    // Unrelated edits move the violation down: still baselined.
    writeFiles(root, { "src/settings.ts": `// a comment\nimport type { Other } from "./clean";\n\n${settings}` });
    const moved = await json();
    expect(moved.code).toBe(0);
    expect(moved.report.findings.find((finding) => finding.file === "src/settings.ts")).toMatchObject({ line: 7, baselined: true });

    // One violation fixed, another added in the same file: the new one fails, the old entry is fixed.
    writeFiles(root, {
      "src/settings.ts": `import { prisma } from "./db";

export async function saveB(value: string) {
  await prisma.systemSettings.upsert({ where: { id: "b" }, create: { id: "b" }, update: { smtpPassword: value } });
}
`,
    });
    const swapped = await json();
    expect(swapped.code).toBe(1);
    expect(swapped.report.summary).toMatchObject({ errors: 1, baselined: 1, fixedBaselineEntries: 1 });
    expect(swapped.report.findings.filter((finding) => !finding.baselined).map((finding) => `${finding.file}:${finding.line}`)).toEqual(["src/settings.ts:4"]);
    expect(swapped.report.fixedBaselineEntries).toEqual([expect.objectContaining({ file: "src/settings.ts", occurrence: 0 })]);
    expect((await run(["check", root, "--baseline", baseline])).stdout).toContain(
      "1 baseline entry fixed (no longer found): run with --update-baseline to shrink the baseline",
    );
  });

  it("exits 2 on a missing or malformed baseline file", async () => {
    const root = makeRepo(baseFiles());
    expect((await run(["check", root, "--baseline", join(root, "none.json")])).stderr).toContain("none.json: cannot be read (ENOENT); create it with --update-baseline");
    writeFileSync(join(root, "bad.json"), "[]");
    const bad = await run(["check", root, "--baseline", join(root, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.json: must contain a JSON object");
  });
});

describe("explicit files", () => {
  it("checks only the given files and keeps only the checker results that touch them", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "src/other.ts": secretWrite() }));
    const { code, stdout } = await run(["check", root, join(root, "src/other.ts"), "--format", "json"]);
    expect(code).toBe(1);
    const report = parseJson(stdout);
    expect(report.findings.map((finding) => finding.file)).toEqual(["src/other.ts"]);
    expect(report.summary.filesAnalyzed).toBe(1);

    const onlyClean = await run(["check", "src/clean.ts"], { cwd: root });
    expect(onlyClean.code).toBe(0);
    expect(onlyClean.stdout).toContain("(1 file analysed in");
    // Changed-files mode sees too little for an inventory: it says what it checked, no more.
    expect(onlyClean.stdout).toContain("Checked 1 secret of SystemSettings");
    expect(onlyClean.stdout).not.toContain("Secret inventory");
  });

  it("exits 2 for a file outside ROOT or that does not exist", async () => {
    const root = makeRepo(baseFiles());
    expect((await run(["check", root, join(root, "src/nope.ts")])).stderr).toContain("is not a file");
    expect((await run(["check", join(root, "src"), join(root, "prisma/schema.prisma")])).stderr).toContain("is not inside ROOT");
  });
});

describe("guardrails merge", () => {
  const report = (findings: Report["findings"], extra: Partial<Report> = {}): Report => ({
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: ".",
    summary: { errors: 0, warnings: findings.length, filesAnalyzed: 3, durationMs: 5 },
    findings,
    ...extra,
  });
  const warning = (line: number): Report["findings"][number] => ({
    ruleId: "secret-guardrails/missing-env-guidance",
    category: "missing-env-guidance",
    engine: "checker",
    severity: "warning",
    file: "app/admin/page.tsx",
    line,
    column: 1,
    endLine: line,
    endColumn: 5,
    message: "The admin settings UI never names SMTP_PASSWORD",
  });

  it("combines reports and applies --max-warnings and --quiet", async () => {
    const dir = makeRepo({
      "a.json": JSON.stringify(report([warning(1)], { shard: { index: 1, count: 2, configHash: "sha256:1" } })),
      "b.json": JSON.stringify(report([warning(2)], { shard: { index: 2, count: 2, configHash: "sha256:1" } })),
    });
    const merged = await run(["merge", "a.json", "b.json", "--format", "json"], { cwd: dir });
    expect(merged.code).toBe(0);
    expect(parseJson(merged.stdout).summary).toEqual({ errors: 0, warnings: 2, filesAnalyzed: 6, durationMs: 10 });
    expect((await run(["merge", "a.json", "b.json", "--max-warnings", "1"], { cwd: dir })).code).toBe(1);
    expect((await run(["merge", "a.json", "b.json", "--max-warnings", "2"], { cwd: dir })).code).toBe(0);
    const quiet = await run(["merge", "a.json", "b.json", "--quiet"], { cwd: dir });
    expect(quiet.stdout).not.toContain("page.tsx");
    expect((await run(["merge", "a.json", "b.json", "--max-warnings", "x"], { cwd: dir })).code).toBe(2);
  });

  it("exits 2 on a file that is not a JSON report, or reports of different roots", async () => {
    const shard = (index: number) => ({ shard: { index, count: 2, configHash: "sha256:1" } });
    const dir = makeRepo({ "a.json": JSON.stringify(report([], shard(1))), "c.json": JSON.stringify(report([], { root: "other", ...shard(2) })), "x.json": "{}" });
    expect((await run(["merge", "x.json"], { cwd: dir })).stderr).toBe('guardrails: x.json is not a guardrails JSON report: "schemaVersion" must be 1\n');
    expect((await run(["merge", "a.json", "c.json"], { cwd: dir })).stderr).toBe('guardrails: the reports scan different roots (a.json: ".", c.json: "other")\n');
    expect((await run(["merge"], { cwd: dir })).code).toBe(2);
  });

  it("merging the shards of a run gives the findings of the full run", async () => {
    const files: Record<string, string> = baseFiles();
    for (let i = 0; i < 8; i++) files[`src/mod${i}.ts`] = i % 3 === 0 ? secretWrite() : CLEAN;
    const root = makeRepo(files);
    const full = parseJson((await run(["check", root, "--format", "json"])).stdout);
    const shards = [];
    for (const index of [1, 2, 3]) {
      const output = join(root, `shard-${index}.json`);
      await run(["check", root, "--shard", `${index}/3`, "--format", "json", "--output", output]);
      const shard = parseJson(readFileSync(output, "utf8"));
      expect(shard.shard).toEqual({ index, count: 3, configHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      shards.push(output);
    }
    const merged = parseJson((await run(["merge", ...shards, "--format", "json"])).stdout);
    expect(merged.findings).toEqual(full.findings);
    expect(merged.summary).toMatchObject({ errors: full.summary.errors, filesAnalyzed: full.summary.filesAnalyzed });
  });
});
