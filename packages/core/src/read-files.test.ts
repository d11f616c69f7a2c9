import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSourceFiles } from "./read-files.js";

let root: string;

function write(file: string, content: string | Buffer = "export {};\n"): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "guardrails-read-"));
  mkdirSync(join(root, "src/folder.ts"), { recursive: true });
  // A dangling symlink.
  symlinkSync(join(root, "src/missing.ts"), join(root, "src/dangling.ts"));
  // A self-referencing symlink: reading it fails with ELOOP.
  symlinkSync(join(root, "src/self.ts"), join(root, "src/self.ts"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("readSourceFiles", () => {
  it("returns texts, strips a BOM and keeps CRLF", () => {
    write("read/bom.ts", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("const a = 1;\r\n")]));
    expect(readSourceFiles(root, ["read/bom.ts"])).toEqual([{ file: "read/bom.ts", text: "const a = 1;\r\n" }]);
  });

  it("reports a reason, never the content, for each unreadable file", () => {
    write("read/latin1.ts", Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0xe9, 0x3b])); // "const é;" in Latin-1
    write("read/big.ts", "x".repeat(2048));
    const results = readSourceFiles(
      root,
      ["read/latin1.ts", "read/big.ts", "src/dangling.ts", "src/self.ts", "src/folder.ts", "read/none.ts"],
      { maxBytes: 1024 },
    );
    expect(results).toEqual([
      { file: "read/latin1.ts", error: "not valid UTF-8" },
      { file: "read/big.ts", error: "too large (2048 bytes; the limit is 1024)" },
      { file: "src/dangling.ts", error: "does not exist (missing file or dangling symlink)" },
      { file: "src/self.ts", error: "is a symlink loop" },
      { file: "src/folder.ts", error: "is a directory" },
      { file: "read/none.ts", error: "does not exist (missing file or dangling symlink)" },
    ]);
  });

  it("never opens what is not a regular file (a FIFO would block, /dev/zero never ends)", () => {
    symlinkSync("/dev/zero", join(root, "read/zero.ts"));
    execFileSync("mkfifo", [join(root, "read/pipe.ts")]);
    expect(readSourceFiles(root, ["read/zero.ts", "read/pipe.ts"])).toEqual([
      { file: "read/zero.ts", error: "is not a regular file (a FIFO, socket or device)" },
      { file: "read/pipe.ts", error: "is not a regular file (a FIFO, socket or device)" },
    ]);
  });

  it.skipIf(process.getuid?.() === 0)("reports a file without read permission", () => {
    write("read/locked.ts", "const secret = 1;");
    chmodSync(join(root, "read/locked.ts"), 0o000);
    expect(readSourceFiles(root, ["read/locked.ts"])).toEqual([
      { file: "read/locked.ts", error: "cannot be read (permission denied)" },
    ]);
    chmodSync(join(root, "read/locked.ts"), 0o644);
  });
});
