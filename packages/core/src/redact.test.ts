import { describe, expect, it } from "vitest";
import { redactedErrorLine, redactLiterals } from "./redact.js";

describe("redact", () => {
  it("masks string and template literals", () => {
    expect(redactLiterals(`f("sk-1", 'sk-2', \`sk-3\`)`)).toBe(`f("[redacted]", '[redacted]', \`[redacted]\`)`);
  });

  it("keeps the first line of an error, literals and comments masked, cut after masking", () => {
    expect(redactedErrorLine(`Error: bad node createClient("sk-live-1") /* sk-live-2 */ // sk-live-3\n  at x`)).toBe(
      `Error: bad node createClient("[redacted]") /*[redacted]*/ //[redacted]`,
    );
    // A cut inside a long literal would have left it unterminated (and unmasked).
    expect(redactedErrorLine(`x = "${"s".repeat(300)}"`, 20)).toBe(`x = "[redacted]"`);
    expect(redactedErrorLine("y".repeat(30), 20)).toBe(`${"y".repeat(20)}…`);
  });
});
