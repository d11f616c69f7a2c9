/**
 * No injection through names: file names of the scanned repository carrying line breaks, terminal
 * escape sequences (clear screen, retitle, C1 CSI), Unicode line separators and bidi overrides,
 * GitHub workflow commands (`::stop-commands::`, `##[...]`) and Markdown (links, autolinks, images,
 * HTML, backticks, pipes) come out of every format escaped: stylish and the GitHub annotations stay
 * one line per item, no line is a workflow command, JSON and SARIF stay valid and give the names
 * back exactly, and Markdown shows paths as code spans that render nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report.js";
import { baseFiles, secretWrite } from "../helpers.js";
import { makeRepo, run, WORKSPACE } from "./support.js";

/** Hostile file names (root-relative) -> how stylish and markdown show them. */
const NAMES: Record<string, string> = {
  "src/line\nbreak.ts": "src/line\\nbreak.ts",
  "src/carriage\rreturn.ts": "src/carriage\\rreturn.ts",
  "src/\u001b]0;pwned\u0007title.ts": "src/\\x1b]0;pwned\\x07title.ts",
  "src/\u001b[2J\u001b[Hclear.ts": "src/\\x1b[2J\\x1b[Hclear.ts",
  "src/csi\u009b31mred.ts": "src/csi\\x9b31mred.ts",
  "src/del\u007f.ts": "src/del\\x7f.ts",
  "src/sep\u2028line.ts": "src/sep\\u2028line.ts",
  "src/bidi\u202etxt.ts": "src/bidi\\u202etxt.ts",
  "::stop-commands::pwned.ts": "./::stop-commands::pwned.ts",
  "##[set-output name=x;]y.ts": "./##[set-output name=x;]y.ts",
  " ::warning::spaced.ts": "./ ::warning::spaced.ts",
  "src/<img src=x onerror=alert(1)>.ts": "src/<img src=x onerror=alert(1)>.ts",
  "src/[link](http:evil.example).ts": "src/[link](http:evil.example).ts",
  "src/<http:evil.example>.ts": "src/<http:evil.example>.ts",
  "src/www.evil.example.ts": "src/www.evil.example.ts",
  "![img](https:/evil.example/p.png).ts": "![img](https:/evil.example/p.png).ts",
  "src/`code`.ts": "src/`code`.ts",
  "src/pipe|cell.ts": "src/pipe|cell.ts",
};

/** Raw characters no output may contain (line feeds only as the format's own line breaks). */
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function hostileRepo(): string {
  const root = makeRepo(baseFiles());
  for (const name of Object.keys(NAMES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), secretWrite());
  }
  return root;
}

async function format(root: string, name: string): Promise<string> {
  const result = await run(["check", ".", "--format", name], { cwd: root });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  return result.stdout;
}

/** A Markdown line with its code spans (CommonMark: a run of n backticks up to the next run of exactly n) removed. */
function withoutCodeSpans(line: string): string {
  return line.replace(/(?<!`)(`+)(?!`)([\s\S]*?)(?<!`)\1(?!`)/g, "");
}

describe("hostile file names are escaped in every format", () => {
  const root = hostileRepo();

  it("stylish: one line per item, visible escapes, no line a workflow command", async () => {
    const text = await format(root, "stylish");
    expect(text).not.toMatch(RAW_UNSAFE);
    for (const line of text.split("\n")) expect(line).not.toMatch(/^\s*(::|##\[)/);
    const paths = text.split("\n").filter((line) => line !== "" && !line.startsWith(" ") && !line.startsWith("✖"));
    expect(paths.sort()).toEqual(["src/cleanup.ts", ...Object.values(NAMES)].filter((path) => path !== "src/cleanup.ts").sort());
  });

  it("stylish on a colour terminal: our colours, none of the names'", async () => {
    const result = await run(["check", "."], { cwd: root, stdoutTTY: true, env: { FORCE_COLOR: "1" } });
    expect(result.stdout).toContain("\u001b[4msrc/\\x1b[2J\\x1b[Hclear.ts\u001b[0m");
    // Every ESC is one of ours: SGR colour codes only.
    expect(result.stdout.replace(/\u001b\[[\d;]*m/g, "")).not.toMatch(RAW_UNSAFE);
  });

  it("github: exactly one well-formed annotation per line, properties percent-encoded", async () => {
    const text = await format(root, "github");
    expect(text).not.toMatch(RAW_UNSAFE);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(Object.keys(NAMES).length);
    for (const line of lines) {
      expect(line).toMatch(/^::error file=[^:,]+,line=4,col=68,endLine=4,endColumn=\d+,title=secret-guardrails\/no-secret-settings-write::[^\n]+$/);
    }
    const files = lines.map((line) => /^::error file=([^,]+),/.exec(line)![1]).sort();
    expect(files).toContain("%3A%3Astop-commands%3A%3Apwned.ts");
    expect(files).toContain("src/line%0Abreak.ts");
    expect(files).toContain("src/carriage%0Dreturn.ts");
    expect(files).toContain("src/\\x1b]0;pwned\\x07title.ts");
    expect(files).toContain("src/bidi\\u202etxt.ts");
  });

  it("json: valid JSON that gives every name back exactly, no raw control or bidi character", async () => {
    const text = await format(root, "json");
    expect(text).not.toMatch(RAW_UNSAFE);
    expect(text).toContain('"file": "src/bidi\\u202etxt.ts"');
    expect(text).toContain('"file": "src/csi\\u009b31mred.ts"');
    const report = JSON.parse(text) as Report;
    expect(report.findings.map((finding) => finding.file).sort()).toEqual(Object.keys(NAMES).sort());
  });

  it("sarif: schema-valid, names back exactly, URIs percent-encoded", async () => {
    const text = await format(root, "sarif");
    expect(text).not.toMatch(RAW_UNSAFE);
    const log = JSON.parse(text) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(WORKSPACE, "packages/cli/test/sarif-schema-2.1.0.json"), "utf8")) as object);
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const uris = log.runs.flatMap((run) => run.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris.map((uri) => uri.split("/").map(decodeURIComponent).join("/")).sort()).toEqual(Object.keys(NAMES).sort());
    expect(uris).toContain("src/line%0Abreak.ts");
  });

  it("markdown: every path is a code span, nothing outside code spans can render a link, image or HTML", async () => {
    const text = await format(root, "markdown");
    expect(text).not.toMatch(RAW_UNSAFE);
    const rows = text.split("\n").filter((line) => line.startsWith("| error |"));
    expect(rows).toHaveLength(Object.keys(NAMES).length);
    for (const row of rows) {
      const prose = withoutCodeSpans(row).replace(/\[no-secret-settings-write\]\(https:\/\/github\.com\/secret-guardrails\/secret-guardrails\/blob\/main\/docs\/rules\/no-secret-settings-write\.md\) \|$/, "");
      // Outside code spans: no unescaped markup character, no bare autolink.
      expect(prose).not.toMatch(/(?<!\\)[<>[\]`]|https?:\/\/|www\./);
      // Five cells, whatever the path holds.
      expect(row.replace(/\\\|/g, "").split("|").length - 2).toBe(4);
    }
    expect(text).toContain("| error | `src/<img src=x onerror=alert(1)>.ts:4:68` |");
    expect(text).toContain("| error | `![img](https:/evil.example/p.png).ts:4:68` |");
    expect(text).toContain("| error | ``src/`code`.ts:4:68`` |");
    expect(text).toContain("| error | `src/pipe\\|cell.ts:4:68` |");
    expect(text).toContain("| error | `src/line\\nbreak.ts:4:68` |");
    expect(text).toContain("| error | `src/\\x1b]0;pwned\\x07title.ts:4:68` |");
  });
});

describe("error messages on stderr are escaped too", () => {
  it("a --config path with a line break and escape sequences stays one visible line", async () => {
    const root = makeRepo(baseFiles());
    const config = join(root, "cfg\n::error::pwned\u001b]0;x\u0007.json");
    writeFileSync(config, "{");
    const result = await run(["check", root, "--config", config]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `guardrails: invalid config: ${root}/cfg\\n::error::pwned\\x1b]0;x\\x07.json: is not valid JSON (unexpected end of input at line 1, column 2)\n`,
    );
  });

  it("with --debug: the message escaped, then the stack frames", async () => {
    const root = makeRepo(baseFiles());
    const config = join(root, "cfg\n::error::pwned.json");
    writeFileSync(config, "{");
    const result = await run(["check", root, "--config", config, "--debug"]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`guardrails: invalid config: ${root}/cfg\\n::error::pwned.json: is not valid JSON (unexpected end of input at line 1, column 2)`);
    expect(lines[1]).toBe(`ConfigError: ${root}/cfg\\n::error::pwned.json: is not valid JSON (unexpected end of input at line 1, column 2)`);
    for (const line of lines.slice(2)) expect(line).toMatch(/^\s+at /);
  });
});
