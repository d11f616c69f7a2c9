import { describe, expect, it } from "vitest";
import type { GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { createTestContext } from "../testing/create-test-context.js";
import check from "./missing-env-guidance.js";

const config: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    signingKey: { env: ["SIGNING_KEY", "LEGACY_SIGNING_KEY"] },
  },
};

const PAGE = "app/admin/settings/page.tsx";

function run(files: Record<string, string>, options: GuardrailsConfig = config) {
  return applyCheck(check, createTestContext(files, options)).map(({ file, line, column, endLine, endColumn, secret }) => ({
    file,
    line,
    column,
    endLine,
    endColumn,
    secret,
  }));
}

/** A page with one status row per secret; `smtp` and `signing` are the rows' extra props. */
function page(smtp: string, signing = 'envVar="SIGNING_KEY"'): string {
  return [
    "export default function Page({ secrets }: { secrets: any }) {",
    "  return (",
    "    <ul>",
    `      <Row label="SMTP" source={secrets.smtpPassword.source} ${smtp} />`,
    `      <Row label="Signing" source={secrets?.signingKey.source} ${signing} />`,
    "    </ul>",
    "  );",
    "}",
    "function Row(props: { label: string; source: string; envVar?: string }) {",
    "  return <li>{props.label}</li>;",
    "}",
  ].join("\n");
}

describe("missing-env-guidance", () => {
  describe("valid", () => {
    it.each([
      ["a string prop", 'envVar="SMTP_PASSWORD"'],
      ["a string in a JSX expression", 'envVar={"SMTP_PASSWORD"}'],
      ["a template literal", "hint={`Set ${'x'} SMTP_PASSWORD and restart`}"],
    ])("the env var is named in %s", (_, smtp) => {
      expect(run({ [PAGE]: page(smtp) })).toEqual([]);
    });

    it("the env var is named in JSX text", () => {
      const files = { [PAGE]: page("") + "\nexport const Help = () => <p>Set SMTP_PASSWORD in the environment.</p>;\n" };
      expect(run(files)).toEqual([]);
    });

    it("any one of a secret's env vars is enough", () => {
      expect(run({ [PAGE]: page('envVar="SMTP_PASSWORD"', 'envVar="LEGACY_SIGNING_KEY"') })).toEqual([]);
    });

    it("the env var is named by a local component the page imports", () => {
      const files = {
        [PAGE]: 'import { SmtpHelp } from "../../components/smtp-help";\n' + page("") + "\nexport const H = () => <SmtpHelp />;\n",
        "app/components/smtp-help.tsx": "export const SmtpHelp = () => <p>Provide SMTP_PASSWORD.</p>;\n",
      };
      expect(run(files)).toEqual([]);
    });

    it("the env var is named by a component imported through a barrel", () => {
      const files = {
        [PAGE]: 'import { SmtpHelp } from "../../ui";\n' + page("") + "\nexport const H = () => <SmtpHelp />;\n",
        "app/ui/index.ts": 'export { SmtpHelp } from "./smtp-help";\n',
        "app/ui/smtp-help.tsx": "export const SmtpHelp = () => <p>Provide SMTP_PASSWORD.</p>;\n",
      };
      expect(run(files)).toEqual([]);
    });

    it("the secret's status payload carries its env var name (`secrets.smtpPassword.envVar`)", () => {
      expect(run({ [PAGE]: page("envVar={secrets.smtpPassword.envVar}") })).toEqual([]);
    });

    it("a generic list renders each status's env var at runtime", () => {
      const files = {
        [PAGE]: [
          "export default function Page({ rows }: { rows: { field: string; envVar: string }[] }) {",
          "  return <ul>{rows.map((row) => <li key={row.field}><code>{row.envVar}</code></li>)}</ul>;",
          "}",
        ].join("\n"),
      };
      expect(run(files)).toEqual([]);
    });

    it("there is no admin UI at all: nothing to check", () => {
      expect(run({ "src/server.ts": "export const x = 1;\n", "app/page.tsx": "export default () => <main />;\n" })).toEqual([]);
    });

    it("the admin UI has no settings page and names no secret", () => {
      expect(run({ "app/admin/users/page.tsx": "export default () => <ul><li>Ada</li></ul>;\n" })).toEqual([]);
    });

    it("there are no registered secrets", () => {
      expect(run({ [PAGE]: page("") }, { secrets: {} })).toEqual([]);
    });
  });

  describe("invalid", () => {
    it("reports the element that shows the secret's status without naming its variable", () => {
      expect(run({ [PAGE]: page("") })).toEqual([
        { file: PAGE, line: 4, column: 7, endLine: 4, endColumn: 65, secret: "smtpPassword" },
      ]);
    });

    it("states the problem and the fix, naming every env var of the secret", () => {
      const [finding] = applyCheck(check, createTestContext({ [PAGE]: page('envVar="SMTP_PASSWORD"', "") }, config));
      expect(finding).toMatchObject({
        ruleId: "secret-guardrails/missing-env-guidance",
        category: "missing-env-guidance",
        engine: "checker",
        severity: "error",
        message:
          'The admin settings UI shows `signingKey` but never names its environment variable `SIGNING_KEY` or `LEGACY_SIGNING_KEY`. Tell operators where the secret comes from, e.g. "Set SIGNING_KEY in the deployment environment".',
      });
    });

    it("reports the innermost element around the reference, in a multi-line element", () => {
      const files = {
        [PAGE]: [
          "export default function Page({ s }: { s: any }) {",
          "  return (",
          "    <section>",
          '      <p className="row">',
          "        Status: {s.smtpPassword.source}",
          "      </p>",
          '      <p>Set SIGNING_KEY.</p>',
          "    </section>",
          "  );",
          "}",
        ].join("\n"),
      };
      expect(run(files)).toEqual([{ file: PAGE, line: 4, column: 7, endLine: 6, endColumn: 11, secret: "smtpPassword" }]);
    });

    it("a name in a comment or an identifier is not guidance", () => {
      const files = {
        [PAGE]: "// SMTP_PASSWORD is read by the server\nconst SMTP_PASSWORD = 1;\n" + page(""),
      };
      expect(run(files).map((finding) => [finding.line, finding.secret])).toEqual([[6, "smtpPassword"]]);
    });

    it("a name in server code is not guidance in the UI", () => {
      const files = { [PAGE]: page(""), "src/secrets.ts": 'export const ENV = { smtpPassword: "SMTP_PASSWORD" };\n' };
      expect(run(files).map((finding) => finding.secret)).toEqual(["smtpPassword"]);
    });

    it("reports at line 1 of the settings page a secret that the UI never shows", () => {
      const files = {
        "app/admin/users/page.tsx": "export default () => <ul />;\n",
        [PAGE]: 'export default () => <p>Set SMTP_PASSWORD in the environment.</p>;\n',
      };
      expect(run(files)).toEqual([{ file: PAGE, line: 1, column: 1, endLine: 1, endColumn: 1, secret: "signingKey" }]);
    });

    it("follows a configured admin.uiGlobs", () => {
      const files = { "src/pages/settings/secrets.tsx": page("") };
      expect(run(files, { ...config, admin: { uiGlobs: ["src/pages/settings/**/*.tsx"] } }).map((f) => [f.file, f.line])).toEqual([
        ["src/pages/settings/secrets.tsx", 4],
      ]);
      expect(run(files)).toEqual([]); // not matched by the default `**/admin/**/*.tsx`
    });

    it("takes a Next.js (admin) route group as the admin UI by default", () => {
      const files = { "src/app/(admin)/settings/page.tsx": page("") };
      expect(run(files).map((f) => [f.file, f.line])).toEqual([["src/app/(admin)/settings/page.tsx", 4]]);
    });
  });
});
