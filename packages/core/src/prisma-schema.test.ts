import { describe, expect, it } from "vitest";
import { parsePrismaSchema, PrismaSchemaError } from "./prisma-schema.js";

function errorOf(source: string): PrismaSchemaError {
  try {
    parsePrismaSchema(source, "schema.prisma");
  } catch (error) {
    if (error instanceof PrismaSchemaError) return error;
    throw error;
  }
  throw new Error("parsed");
}

describe("parsePrismaSchema errors", () => {
  it("point at the last line when the input ends too early (the parser gives no position)", () => {
    const error = errorOf("model SystemSettings {\n  id String @id\n\n");
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toBe("schema.prisma:2:1: cannot parse Prisma schema: Expecting --> '}' <-- but found something else");
  });

  it("never quote the token found (a default value may be a secret)", () => {
    const quoted = errorOf('model S {\n  id String @id\n  smtpPassword String "s3cretV4lue"\n}\n');
    expect([quoted.line, quoted.column]).toEqual([3, 23]);
    expect(quoted.message).not.toContain("s3cret");
    const bare = errorOf("model S {\n  id String @id @default(s3cretV4lue s3cretV4lue)\n}\n");
    expect(bare.message).not.toContain("s3cret");
  });
});
