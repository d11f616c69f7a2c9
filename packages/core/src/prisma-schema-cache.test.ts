import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePrismaSchema, PrismaSchemaError } from "./prisma-schema.js";
import { parsePrismaSchemaCached, schemaCacheDir } from "./prisma-schema-cache.js";

const SCHEMA = 'model SystemSettings {\n  id String @id\n  smtpPassword String? @map("smtp_password")\n}\n';

describe("parsePrismaSchemaCached", () => {
  it("stores the parsed models and serves them on the next call", () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-cache-"));
    const first = parsePrismaSchemaCached(SCHEMA, "schema.prisma", dir);
    expect(first).toEqual(parsePrismaSchema(SCHEMA, "schema.prisma"));
    const [entry] = readdirSync(dir);
    // Served from the cache: a doctored (but well-formed) entry comes back as is.
    const doctored = JSON.parse(readFileSync(join(dir, entry!), "utf8"));
    doctored[0].table = "from_cache";
    writeFileSync(join(dir, entry!), JSON.stringify(doctored));
    expect(parsePrismaSchemaCached(SCHEMA, "schema.prisma", dir)[0]!.table).toBe("from_cache");
  });

  it("treats a malformed entry, another file name or other text as a miss", () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-cache-"));
    parsePrismaSchemaCached(SCHEMA, "schema.prisma", dir);
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), '[{"name": 1}]');
    expect(parsePrismaSchemaCached(SCHEMA, "schema.prisma", dir)[0]!.table).toBe("SystemSettings");
    expect(parsePrismaSchemaCached(SCHEMA, "db/schema.prisma", dir)[0]!.file).toBe("db/schema.prisma");
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("never caches a parse error", () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-cache-"));
    expect(() => parsePrismaSchemaCached("model {{{", "bad.prisma", dir)).toThrow(PrismaSchemaError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("works without a writable cache directory", () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-cache-")), "not-a-dir");
    writeFileSync(file, "");
    expect(parsePrismaSchemaCached(SCHEMA, "schema.prisma", join(file, "sub"))[0]!.name).toBe("SystemSettings");
  });

  it("finds its directory from the environment, and can be turned off", () => {
    expect(schemaCacheDir({ GUARDRAILS_CACHE_DIR: "/c" })).toBe("/c");
    expect(schemaCacheDir({ GUARDRAILS_CACHE_DIR: "off" })).toBeUndefined();
    expect(schemaCacheDir({ XDG_CACHE_HOME: "/x" })).toBe(join("/x", "secret-guardrails"));
  });
});
