import { describe, expect, it } from "vitest";
import { emptyReport, sampleReport } from "../../test/sample-report.js";
import { workflowData, workflowProperty } from "./escape.js";
import { github } from "./github.js";

describe("github", () => {
  it("prints one workflow command per failing finding, baselined ones left out", () => {
    const lines = github(sampleReport()).trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      "::error file=repo/apps/web/app/api/admin/[id]/route.ts,line=9,col=28,endLine=9,endColumn=41,title=secret-guardrails/no-raw-secret-in-admin-response::The admin endpoint returns `smtpPassword` | the value itself; return presence and source status instead",
    );
    expect(lines[0]).toMatch(/^::warning file=repo\/apps\/web\/app\/admin\/settings\/page\.tsx,line=3,col=1,/);
    expect(lines.join("\n")).not.toContain("mail.ts");
  });

  it("escapes %, CR and LF in messages, and also , and : in properties", () => {
    expect(workflowData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(workflowProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
    // Other control characters cannot be percent-encoded (the runner decodes only those above): made visible.
    expect(workflowData("a\u001b[2Jb\u009b\u202e")).toBe("a\\x1b[2Jb\\x9b\\u202e");
    const report = sampleReport({
      findings: [{ ...sampleReport().findings[1]!, file: "a,b:c.ts", message: "line one\nline two 50%" }],
    });
    expect(github(report)).toBe(
      "::error file=repo/a%2Cb%3Ac.ts,line=9,col=28,endLine=9,endColumn=41,title=secret-guardrails/no-raw-secret-in-admin-response::line one%0Aline two 50%25\n",
    );
  });

  it("prints nothing for a clean report", () => {
    expect(github(emptyReport())).toBe("");
  });
});
