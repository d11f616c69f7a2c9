/**
 * JSON syntax errors described without quoting the text. V8's `JSON.parse` messages quote up to
 * ten characters around the error (`Unexpected token 'S', "SMTP_PASSW"... is not valid JSON`):
 * with a `.env` file passed as `--config` or `--baseline`, that is part of a secret.
 */

export interface JsonSyntaxError {
  /** What is wrong, in words that never contain the text. */
  readonly problem: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

/**
 * Where and why `text` is not valid JSON (RFC 8259), or undefined when it is. A small scanner of
 * its own: the position and wording do not depend on the engine's messages.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  const failure = scanner.document();
  if (failure === undefined) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < failure.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { problem: failure.problem, line, column: failure.offset - lineStart + 1 };
}

/** `"unexpected character at line 2, column 14"`: for "is not valid JSON (...)" messages. */
export function describeJsonSyntaxError(text: string): string {
  const error = findJsonSyntaxError(text);
  return error ? `${error.problem} at line ${error.line}, column ${error.column}` : "syntax error";
}

interface Failure {
  readonly problem: string;
  readonly offset: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;

class Scanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  document(): Failure | undefined {
    this.whitespace();
    const failure = this.value(0);
    if (failure) return failure;
    this.whitespace();
    return this.offset < this.text.length ? this.fail("unexpected content after the JSON value") : undefined;
  }

  private value(depth: number): Failure | undefined {
    // Iterative parsers have no depth limit, but this one recurses: stop long before the stack does.
    if (depth > 5000) return this.fail("nesting too deep");
    const char = this.text[this.offset];
    if (char === undefined) return this.fail("unexpected end of input");
    if (char === "{") return this.object(depth);
    if (char === "[") return this.array(depth);
    if (char === '"') return this.string();
    if (char === "-" || (char >= "0" && char <= "9")) {
      NUMBER.lastIndex = this.offset;
      const match = NUMBER.exec(this.text);
      if (!match || match[0] === "-") return this.fail("invalid number");
      this.offset += match[0].length;
      return undefined;
    }
    for (const literal of LITERALS) {
      if (this.text.startsWith(literal, this.offset)) {
        this.offset += literal.length;
        return undefined;
      }
    }
    return this.fail("unexpected character");
  }

  private object(depth: number): Failure | undefined {
    this.offset++; // {
    this.whitespace();
    if (this.text[this.offset] === "}") {
      this.offset++;
      return undefined;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.offset] !== '"') return this.fail(this.atEnd() ? "unexpected end of input" : "expected a double-quoted property name");
      const key = this.string();
      if (key) return key;
      this.whitespace();
      if (this.text[this.offset] !== ":") return this.fail(this.atEnd() ? "unexpected end of input" : "expected ':' after a property name");
      this.offset++;
      this.whitespace();
      const value = this.value(depth + 1);
      if (value) return value;
      this.whitespace();
      const next = this.text[this.offset];
      if (next === "}") {
        this.offset++;
        return undefined;
      }
      if (next !== ",") return this.fail(this.atEnd() ? "unexpected end of input" : "expected ',' or '}' after a property value");
      this.offset++;
    }
  }

  private array(depth: number): Failure | undefined {
    this.offset++; // [
    this.whitespace();
    if (this.text[this.offset] === "]") {
      this.offset++;
      return undefined;
    }
    for (;;) {
      this.whitespace();
      const value = this.value(depth + 1);
      if (value) return value;
      this.whitespace();
      const next = this.text[this.offset];
      if (next === "]") {
        this.offset++;
        return undefined;
      }
      if (next !== ",") return this.fail(this.atEnd() ? "unexpected end of input" : "expected ',' or ']' after an array element");
      this.offset++;
    }
  }

  private string(): Failure | undefined {
    const start = this.offset;
    this.offset++; // "
    while (this.offset < this.text.length) {
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x22) {
        this.offset++;
        return undefined;
      }
      if (code < 0x20) return this.fail("control character in a string");
      if (code === 0x5c) {
        const escape = this.text[this.offset + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))) return this.fail("invalid \\u escape");
          this.offset += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) return this.fail("invalid escape in a string");
        this.offset += 2;
        continue;
      }
      this.offset++;
    }
    return { problem: "unterminated string", offset: start };
  }

  private whitespace(): void {
    while (this.offset < this.text.length) {
      const char = this.text[this.offset];
      if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") return;
      this.offset++;
    }
  }

  private atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  private fail(problem: string): Failure {
    return { problem, offset: this.offset };
  }
}
