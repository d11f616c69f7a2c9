import { describe, expect, it } from "vitest";
import { inShard, parseShard, runsChecker, shardOf } from "./shard.js";

describe("shards", () => {
  it("parses I/N with 1 <= I <= N", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2"]) expect(parseShard(bad)).toBeUndefined();
  });

  it("puts every file in exactly one shard, the same one every time, spread roughly evenly", () => {
    const files = Array.from({ length: 4000 }, (_, i) => `packages/p${i % 17}/src/module-${i}.ts`);
    const counts = [0, 0, 0, 0];
    for (const file of files) {
      const owners = [1, 2, 3, 4].filter((index) => inShard(file, { index, count: 4 }));
      expect(owners).toEqual([shardOf(file, 4)]);
      counts[owners[0]! - 1]!++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(shardOf("src/a.ts", 4)).toBe(shardOf("src/a.ts", 4));
  });

  it("runs the checker in the first shard only (and without shards)", () => {
    expect(runsChecker(undefined)).toBe(true);
    expect(runsChecker({ index: 1, count: 3 })).toBe(true);
    expect(runsChecker({ index: 2, count: 3 })).toBe(false);
  });
});
