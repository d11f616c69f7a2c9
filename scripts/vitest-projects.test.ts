/**
 * Most test files share their worker's modules (vitest.config.ts, project "shared"): a file that
 * replaces a module with `vi.mock` must run in the "isolated" project, or its mock would leak into
 * (or miss, when loaded first) the other files of its worker.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MOCKING } from "../vitest.config.js";

const ROOT = new URL("..", import.meta.url);

describe("vitest projects", () => {
  it("lists exactly the test files that call vi.mock as isolated", () => {
    const files = ["packages", "scripts"]
      .flatMap((dir) => readdirSync(new URL(dir, ROOT), { recursive: true, encoding: "utf8" }).map((file) => `${dir}/${file}`))
      .filter((file) => file.endsWith(".test.ts") && !file.includes("node_modules"))
      .filter((file) => /^(?:packages\/[^/]+\/(?:src|test)|scripts)\//.test(file));
    const mocking = files.filter((file) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(new URL(file, ROOT), "utf8")) && !file.endsWith("vitest-projects.test.ts"));
    expect(mocking.sort()).toEqual([...MOCKING].sort());
  });
});
