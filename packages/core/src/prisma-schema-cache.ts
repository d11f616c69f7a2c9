/**
 * A disk cache of parsed Prisma schemas. Loading the parser (chevrotain) costs 0.5-2 s, more than
 * a whole `--staged` run should; a schema rarely changes, so its parsed models are kept as JSON
 * keyed by a hash of the text. The cache holds data only (never code) and is validated on read;
 * anything unexpected is a miss.
 *
 * Location: `$GUARDRAILS_CACHE_DIR`, else `$XDG_CACHE_HOME/secret-guardrails`, else
 * `~/.cache/secret-guardrails`. `GUARDRAILS_CACHE_DIR=off` turns it off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parsePrismaSchema, type PrismaModel } from "./prisma-schema.js";

/** Bump when `PrismaModel` or the parser changes what it produces. */
const CACHE_FORMAT = "prisma-models-v2";

export function schemaCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const configured = env.GUARDRAILS_CACHE_DIR;
  if (configured === "off" || configured === "0") return undefined;
  if (configured) return configured;
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : undefined);
  return base ? join(base, "secret-guardrails") : undefined;
}

/** {@link parsePrismaSchema}, through the cache. Parse errors are never cached (they throw every time). */
export function parsePrismaSchemaCached(source: string, file: string, dir = schemaCacheDir()): PrismaModel[] {
  if (!dir) return parsePrismaSchema(source, file);
  const key = createHash("sha256").update(`${CACHE_FORMAT}\0${file}\0${source}`).digest("hex");
  const path = join(dir, `${key}.json`);
  try {
    const cached: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (isModelList(cached, file)) return cached;
  } catch {
    // A miss: absent, unreadable or not ours.
  }
  const models = parsePrismaSchema(source, file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(models), { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    // A read-only home or a full disk only costs speed.
  }
  return models;
}

function isModelList(value: unknown, file: string): value is PrismaModel[] {
  return (
    Array.isArray(value) &&
    value.every(
      (model: Partial<PrismaModel>) =>
        typeof model?.name === "string" &&
        typeof model.table === "string" &&
        model.file === file &&
        Number.isInteger(model.line) &&
        Number.isInteger(model.column) &&
        Array.isArray(model.fields) &&
        model.fields.every(
          (field) =>
            typeof field?.name === "string" &&
            typeof field.column === "string" &&
            typeof field.type === "string" &&
            Number.isInteger(field.line) &&
            Number.isInteger(field.column1) &&
            Number.isInteger(field.endColumn),
        ),
    )
  );
}
