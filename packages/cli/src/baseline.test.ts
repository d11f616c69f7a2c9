import { describe, expect, it } from "vitest";
import type { Finding } from "@secret-guardrails/core";
import { applyBaseline, assignFingerprints, BaselineError, formatBaseline, normalisedCode, parseBaseline, redactedLines } from "./baseline.js";

const finding = (line: number, overrides: Partial<Finding> = {}): Finding => ({
  ruleId: "secret-guardrails/no-secret-settings-write",
  category: "secret-settings-write",
  engine: "eslint",
  severity: "error",
  file: "src/settings.ts",
  line,
  column: 5,
  endLine: line,
  endColumn: 20,
  message: "'smtpPassword' is written into the settings table",
  secret: "smtpPassword",
  ...overrides,
});

const SOURCE = [
  "export async function save(input: Input) {",
  "  await prisma.systemSettings.update({",
  "    data: { smtpPassword: input.smtpPassword },",
  "  });",
  "}",
].join("\n");

describe("fingerprints", () => {
  it("hash the finding's first line and its enclosing lines, whitespace collapsed and literals redacted", () => {
    const lines = redactedLines(SOURCE);
    expect(normalisedCode(finding(3), lines)).toBe(
      ["data: { smtpPassword: input.smtpPassword },", "await prisma.systemSettings.update({", "export async function save(input: Input) {"].join("\n"),
    );
    expect(normalisedCode(finding(1), redactedLines('  x = "sk-live-123"  ;'))).toBe('x = "[redacted]" ;');
    // A multi-line template is redacted whole, every line kept at its number.
    expect(redactedLines("a = `sk-live\n-123`;\nb;")).toEqual(["a = `[redacted]`", ";", "b;"]);
    expect(normalisedCode(finding(9), lines)).toBe("");
  });

  it("survive unrelated line moves and re-indentation", () => {
    const [before] = assignFingerprints([finding(3)], () => SOURCE);
    const moved = `// a new comment\n\n${SOURCE.replace(/^ {2}/gm, "\t")}`;
    const [after] = assignFingerprints([finding(5)], () => moved);
    expect(after!.fingerprint).toBe(before!.fingerprint);
  });

  it("tell identical lines apart by what encloses them", () => {
    const upsert = ["upsert({", "  create: {", "    smtpPassword: v,", "  },", "  update: {", "    smtpPassword: v,", "  },", "});"].join("\n");
    const [create, update] = assignFingerprints([finding(3), finding(6)], () => upsert);
    expect(create!.fingerprint!.split(":")[0]).not.toBe(update!.fingerprint!.split(":")[0]);
  });

  it("count occurrences of identical code per category, file and secret, whichever engine reported it", () => {
    const text = "a.smtpPassword = x;\na.smtpPassword = x;\n";
    const checker = { engine: "checker" as const, ruleId: "secret-guardrails/no-secret-settings-write" };
    const prints = assignFingerprints([finding(1), finding(2, checker), finding(2, { secret: "other" })], () => text).map((f) => f.fingerprint);
    expect(prints[0]!.endsWith(":0")).toBe(true);
    expect(prints[1]).toBe(prints[0]!.replace(/:0$/, ":1"));
    expect(prints[2]!.endsWith(":0")).toBe(true);
  });
});

describe("baseline", () => {
  const initial = "a.smtpPassword = x;\nb.smtpPassword = y;\n";
  const findings = assignFingerprints([finding(1), finding(2)], () => initial);
  const entries = parseBaseline(formatBaseline(findings), "baseline.json");

  it("round-trips: every finding of the run it was written from is baselined, nothing fixed", () => {
    const applied = applyBaseline(findings, entries);
    expect(applied.findings.every((f) => f.baselined)).toBe(true);
    expect(applied.fixed).toEqual([]);
  });

  it("reports a new violation in a baselined file even when another one there was fixed (no per-file counts)", () => {
    const changed = "c.smtpPassword = z;\nb.smtpPassword = y;\n"; // line 1 fixed, a new one added
    const now = assignFingerprints([finding(1), finding(2)], () => changed);
    const applied = applyBaseline(now, entries);
    expect(applied.findings.map((f) => Boolean(f.baselined))).toEqual([false, true]);
    expect(applied.fixed).toHaveLength(1);
    expect(applied.fixed[0]).toMatchObject({ file: "src/settings.ts", occurrence: 0 });
  });

  it("reports unmatched entries as fixed only within the scope of the run", () => {
    const applied = applyBaseline([], entries, (entry) => entry.file !== "src/settings.ts");
    expect(applied.fixed).toEqual([]);
  });

  it("never baselines an analysis error", () => {
    const parseError = assignFingerprints([finding(1, { category: "analysis-error", ruleId: "secret-guardrails/analysis-error" })], () => initial);
    expect(JSON.parse(formatBaseline(parseError)).entries).toEqual([]);
  });

  it("writes sorted, stable JSON", () => {
    const text = formatBaseline([...findings].reverse());
    expect(text).toBe(formatBaseline(findings));
    const parsed = JSON.parse(text) as { version: number; entries: { file: string; hash: string; occurrence: number }[] };
    expect(parsed.version).toBe(2);
    expect(Object.keys(parsed.entries[0]!)).toEqual(["file", "category", "ruleId", "secret", "hash", "occurrence"]);
  });

  it("rejects malformed files with a message naming the problem", () => {
    expect(() => parseBaseline("{", "b.json")).toThrow(BaselineError);
    expect(() => parseBaseline('{"version":3,"entries":[]}', "b.json")).toThrow('b.json: "version" must be 2');
    expect(() => parseBaseline('{"version":1,"entries":[]}', "b.json")).toThrow("b.json: is a version 1 baseline");
    expect(() => parseBaseline('{"version":2,"entries":[{"ruleId":"r","category":"secret-settings-write","file":"f","hash":"xyz","occurrence":0}]}', "b.json")).toThrow(
      'b.json: "entries[0]".hash must be a hex string',
    );
    expect(() => parseBaseline('{"version":2,"entries":[{"ruleId":"r","category":"made-up","file":"f","hash":"ab","occurrence":0}]}', "b.json")).toThrow(
      'b.json: "entries[0]".category must be one of',
    );
  });
});
