import { createRegistry } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import { createEslintEngine, redactParserMessage } from "./eslint-engine.js";

const registry = createRegistry({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, openaiApiKey: { env: "OPENAI_API_KEY" } } });
const engine = createEslintEngine("/repo", registry);

describe("ESLint engine", () => {
  it("turns rule messages into findings: rule id, category, 1-based range, the secret of the report", async () => {
    const text = `await prisma.systemSettings.update({ data: { smtpPassword: input.smtpPassword, openaiApiKey: key } });\n`;
    const findings = await engine.lint({ file: "src/a.ts", text });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "secret-guardrails/no-secret-settings-write",
        category: "secret-settings-write",
        engine: "eslint",
        severity: "error",
        file: "src/a.ts",
        line: 1,
        column: 46,
        endLine: 1,
        endColumn: 78,
        secret: "smtpPassword",
      }),
      expect.objectContaining({ line: 1, column: 80, endColumn: 97, secret: "openaiApiKey" }),
    ]);
  });

  it("keeps the secret of a report whose message lists it among others (raw SQL), as the checker's finding has it", async () => {
    // The secret is part of a finding's baseline identity: an ESLint finding without it did not match
    // the checker's finding of the same write (a --shard run with the full run's baseline).
    const text = 'export async function f(value: string) {\n  await prisma.$executeRaw`UPDATE "SystemSettings" SET "smtpPassword" = ${value}`;\n}\n';
    const findings = await engine.lint({ file: "scripts/import.ts", text });
    expect(findings).toEqual([expect.objectContaining({ category: "secret-settings-write", line: 2, secret: "smtpPassword" })]);
    expect(findings[0]!.message).toMatch(/^Raw SQL writes 'smtpPassword'/);
  });

  it("turns a parse error into an analysis-error finding with literals redacted", async () => {
    const [finding] = await engine.lint({ file: "src/b.tsx", text: 'const smtpPassword = "abc" +;\n' });
    expect(finding).toMatchObject({
      ruleId: "secret-guardrails/analysis-error",
      category: "analysis-error",
      engine: "eslint",
      severity: "error",
      line: 1,
      column: 29, // the `;`
    });
    expect(finding!.message).toBe(
      "Cannot analyse this file: syntax error: Expression expected. Fix or exclude it; a file that is not analysed is never a silent pass.",
    );
  });

  it("parses TSX and ignores messages that are not ours (inline configs naming rules we do not load)", async () => {
    const text = `/* eslint no-console: "error", react/jsx-key: "error" */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const Page = (props: any) => <div>{props.smtpPassword ? "set" : "unset"}</div>;
`;
    expect(await engine.lint({ file: "app/page.tsx", text })).toEqual([]);
  });

  it("honours eslint-disable comments for our rules", async () => {
    const text = `// eslint-disable-next-line secret-guardrails/no-secret-settings-write -- migration script, reviewed
await prisma.systemSettings.update({ data: { smtpPassword: value } });
`;
    expect(await engine.lint({ file: "scripts/migrate.ts", text })).toEqual([]);
  });

  it("keeps expected tokens and keywords in parser messages, redacts any other quoted text", () => {
    expect(redactParserMessage("',' expected")).toBe("',' expected");
    expect(redactParserMessage("'=>' expected")).toBe("'=>' expected");
    expect(redactParserMessage("'function' is a reserved word")).toBe("'function' is a reserved word");
    expect(redactParserMessage("Unexpected 'sk-live-123' here")).toBe("Unexpected '[redacted]' here");
    expect(redactParserMessage('Bad "hunter2!" and `x y`')).toBe('Bad "[redacted]" and `[redacted]`');
  });
});
