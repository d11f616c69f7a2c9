import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError, findJsonSyntaxError } from "./json-error.js";

describe("findJsonSyntaxError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', " [] ", '"s"', "0", '{"a":{"b":{}}}']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it.each([
    ["SMTP_PASSWORD=hunter2", "unexpected character", 1, 1],
    ['{"a": hunter2}', "unexpected character", 1, 7],
    ['{\n  "a": 1\n  "b": 2\n}', "expected ',' or '}' after a property value", 3, 3],
    ['{"a": "b', "unterminated string", 1, 7],
    ['{"a": 1', "unexpected end of input", 1, 8],
    ["{a: 1}", "expected a double-quoted property name", 1, 2],
    ['{"a" 1}', "expected ':' after a property name", 1, 6],
    ["[1 2]", "expected ',' or ']' after an array element", 1, 4],
    ['"a\\x"', "invalid escape in a string", 1, 3],
    ["-", "invalid number", 1, 1],
    ["{} x", "unexpected content after the JSON value", 1, 4],
    ["", "unexpected end of input", 1, 1],
  ])("%j: %s at %i:%i", (text, problem, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ problem, line, column });
  });
});

describe("describeJsonSyntaxError", () => {
  it("never quotes the text (V8's own message does)", () => {
    const text = '{"secrets": {"smtpPassword": "x"}, "leak": s3cr3tV4lue}';
    let v8 = "";
    try {
      JSON.parse(text);
    } catch (error) {
      v8 = (error as Error).message;
    }
    expect(v8).toContain("s3cr3t"); // why this module exists
    expect(describeJsonSyntaxError(text)).toBe("unexpected character at line 1, column 44");
  });
});
