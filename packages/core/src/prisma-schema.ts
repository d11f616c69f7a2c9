import { mkdtempSync, rmdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as PrismaAst from "@mrleebo/prisma-ast";

/** A model of a `schema.prisma` file, with the positions and database names the checks need. */
export interface PrismaModel {
  readonly name: string;
  /** The table name: `@@map("...")` or the model name. */
  readonly table: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly fields: readonly PrismaField[];
}

export interface PrismaField {
  readonly name: string;
  /** The column name: `@map("...")` or the field name. */
  readonly column: string;
  /** The scalar or relation type name (`String`, `Int`, `User`). */
  readonly type: string;
  readonly line: number;
  readonly column1: number;
  readonly endColumn: number;
  /** `@id` or `@unique`: one value names one row. */
  readonly unique?: boolean;
  /** `Type[]`. */
  readonly list?: boolean;
  /** The values of the enum the field is typed with, when the schema declares it. */
  readonly enumValues?: readonly string[];
}

export class PrismaSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    reason: string,
  ) {
    super(`${file}:${line}:${column}: cannot parse Prisma schema: ${reason}`);
    this.name = "PrismaSchemaError";
  }
}

/** A file that names a Prisma schema (`package.json`, `prisma.config.ts`) by a path that cannot be followed. */
export class PrismaSchemaReferenceError extends PrismaSchemaError {
  constructor(file: string, line: number, column: number, reason: string) {
    super(file, line, column, reason);
    this.message = `${file}:${line}:${column}: ${reason}`;
    this.name = "PrismaSchemaReferenceError";
  }
}

type PrismaAstModule = typeof PrismaAst;
let prismaAst: { module: PrismaAstModule; parser: PrismaAst.PrismaParser; visitor: InstanceType<ReturnType<PrismaAstModule["VisitorClassFactory"]>> } | undefined;

/**
 * Loads @mrleebo/prisma-ast once. Its module initialiser searches the working directory upwards for
 * a `.prisma-astrc*` file (which may be JavaScript) with lilconfig; we never run code from the
 * scanned tree, so the search runs from an empty temporary directory instead.
 */
function loadPrismaAst(): NonNullable<typeof prismaAst> {
  if (prismaAst) return prismaAst;
  const require = createRequire(import.meta.url);
  const previous = process.cwd();
  let emptyDir: string | undefined;
  try {
    emptyDir = mkdtempSync(join(tmpdir(), "guardrails-prisma-"));
    process.chdir(emptyDir);
  } catch {
    emptyDir = undefined; // chdir is unavailable in worker threads; load in place.
  }
  try {
    const module = require("@mrleebo/prisma-ast") as PrismaAstModule;
    const parser = new module.PrismaParser({ nodeLocationTracking: "full" });
    const visitor = new (module.VisitorClassFactory(parser))();
    prismaAst = { module, parser, visitor };
    return prismaAst;
  } finally {
    if (emptyDir) {
      process.chdir(previous);
      rmdirSync(emptyDir);
    }
  }
}

/** Parses a Prisma schema. Throws {@link PrismaSchemaError} with the position of the first error. */
export function parsePrismaSchema(source: string, file: string): PrismaModel[] {
  const { module, parser, visitor } = loadPrismaAst();
  let schema: PrismaAst.Schema;
  const text = source.replace(/\r\n?/g, "\n");
  try {
    schema = module.getSchema(text, { parser, visitor });
  } catch (error) {
    const token = (error as { token?: { startLine?: number; startColumn?: number } }).token;
    // The parser quotes the token it found, which may be a string literal (a `@default` value): drop it.
    const reason = ((error as Error).message.split("\n")[0] || "syntax error").replace(/\s*but found\b.*$/, " but found something else");
    // The end-of-input token has no position (NaN): point at the last line.
    if (token && Number.isFinite(token.startLine) && Number.isFinite(token.startColumn)) {
      throw new PrismaSchemaError(file, token.startLine!, token.startColumn!, reason);
    }
    throw new PrismaSchemaError(file, token ? text.trimEnd().split("\n").length : 1, 1, reason);
  }
  const models: PrismaModel[] = [];
  const enums = new Map<string, string[]>();
  for (const block of schema.list) {
    if (block.type !== "enum") continue;
    enums.set(block.name, block.enumerators.filter((entry) => entry.type === "enumerator").map((entry) => (entry as { name: string }).name));
  }
  for (const block of schema.list) {
    if (block.type !== "model") continue;
    let table = block.name;
    const fields: PrismaField[] = [];
    for (const property of block.properties) {
      if (property.type === "attribute" && property.name === "map") {
        table = mapArgument(property.args) ?? table;
      } else if (property.type === "field") {
        const location = property.location;
        const mapAttribute = property.attributes?.find((attribute) => attribute.name === "map" && !attribute.group);
        const type = typeof property.fieldType === "string" ? property.fieldType : property.fieldType.name;
        const unique = property.attributes?.some((attribute) => !attribute.group && (attribute.name === "id" || attribute.name === "unique")) ?? false;
        const enumValues = enums.get(type);
        fields.push({
          name: property.name,
          column: (mapAttribute && mapArgument(mapAttribute.args)) ?? property.name,
          type,
          line: location?.startLine ?? block.location?.startLine ?? 1,
          column1: location?.startColumn ?? 1,
          endColumn: (location?.startColumn ?? 1) + property.name.length,
          ...(unique ? { unique } : {}),
          ...(property.array ? { list: true } : {}),
          ...(enumValues ? { enumValues } : {}),
        });
      }
    }
    models.push({
      name: block.name,
      table,
      file,
      line: block.location?.startLine ?? 1,
      column: block.location?.startColumn ?? 1,
      fields,
    });
  }
  return models;
}

function mapArgument(args: readonly PrismaAst.AttributeArgument[] | undefined): string | undefined {
  for (const arg of args ?? []) {
    const value = arg.value;
    if (typeof value === "string") return unquote(value);
    if (value && typeof value === "object" && "type" in value && value.type === "keyValue" && value.key === "name") {
      return typeof value.value === "string" ? unquote(value.value) : undefined;
    }
  }
  return undefined;
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, "$1");
}
