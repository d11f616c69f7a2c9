import { describe, expect, it } from "vitest";
import { escapeControl, escapeJsonText, markdownCode, markdownMessage, markdownText, notACommand, workflowData } from "./escape.js";

describe("escape", () => {
  it("makes every control, separator and bidi character visible", () => {
    expect(escapeControl("a\nb\rc\td\u0000e\u001b[2Jf\u007fg\u009bh\u2028i\u2029j\u202ek\u2066l\u200fm\u061c")).toBe(
      "a\\nb\\rc\\td\\x00e\\x1b[2Jf\\x7fg\\x9bh\\u2028i\\u2029j\\u202ek\\u2066l\\u200fm\\u061c",
    );
    expect(escapeControl("plain ünïcödé 𝄞 path/[id].ts")).toBe("plain ünïcödé 𝄞 path/[id].ts");
  });

  it("keeps JSON valid and lossless", () => {
    const value = { file: "a\u007f\u0085\u2028\u202e\u001b.ts" };
    const text = escapeJsonText(JSON.stringify(value, null, 2));
    expect(text).toBe('{\n  "file": "a\\u007f\\u0085\\u2028\\u202e\\u001b.ts"\n}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("never lets a line start a workflow command", () => {
    expect(notACommand("::stop-commands::x.ts")).toBe("./::stop-commands::x.ts");
    expect(notACommand("##[error]x.ts")).toBe("./##[error]x.ts");
    expect(notACommand(" \u00a0::x.ts")).toBe("./ \u00a0::x.ts");
    expect(notACommand("src/::x.ts")).toBe("src/::x.ts");
    expect(workflowData("50% \r\n\u001b")).toBe("50%25 %0D%0A\\x1b");
  });

  it("fences code spans with more backticks than the content holds", () => {
    expect(markdownCode("a.ts")).toBe("`a.ts`");
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`a``")).toBe("``` `a`` ```");
    expect(markdownCode("a|b", { inTable: true })).toBe("`a\\|b`");
    expect(markdownCode("")).toBe("` `");
  });

  it("escapes what can start markup in text, and keeps our code spans", () => {
    expect(markdownText("<img> [x](y) ![i](https://e/p.png) www.e.com a@b.c *b* _i_ ~s~ | &amp; `c`")).toBe(
      "\\<img\\> \\[x\\](y) !\\[i\\](https\\://e/p.png) www\\.e.com a\\@b.c \\*b\\* \\_i\\_ \\~s\\~ \\| \\&amp; \\`c\\`",
    );
    expect(markdownMessage("returns `smtpPassword` | the <b>value</b>", { inTable: true })).toBe(
      "returns `smtpPassword` \\| the \\<b\\>value\\</b\\>",
    );
    expect(markdownMessage("odd ` backtick")).toBe("odd \\` backtick");
  });
});
