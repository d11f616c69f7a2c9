import { describe, expect, it } from "vitest";
import { closestMatch } from "./closest-match.js";

describe("closestMatch", () => {
  it("suggests the closest candidate within a third of the length (a transposition is one edit)", () => {
    expect(closestMatch("sarf", ["stylish", "json", "sarif", "markdown", "github"])).toBe("sarif");
    expect(closestMatch("jsno", ["stylish", "json", "sarif"])).toBe("json");
    expect(closestMatch("markdwon", ["markdown", "github"])).toBe("markdown");
    expect(closestMatch("html", ["stylish", "json", "sarif", "markdown", "github"])).toBeUndefined();
    expect(closestMatch("xy", ["x", "xyz"])).toBeUndefined();
  });

  it("compares case-insensitively by default, else as the given normalisation makes the names", () => {
    expect(closestMatch("smtpPasword", ["smtpHost", "smtpPassword"])).toBe("smtpPassword");
    expect(closestMatch("systemsettings", ["SystemSettings"])).toBe("SystemSettings");
    expect(closestMatch("openaiKey", ["smtpPassword"])).toBeUndefined();
    const bare = (text: string) => text.replace(/^-+/, "");
    expect(closestMatch("--formt", ["--format", "--output"], bare)).toBe("--format");
    expect(closestMatch("-fo", ["--format"], bare)).toBeUndefined(); // "fo": too short to guess from
  });
});
