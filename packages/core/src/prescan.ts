/**
 * The pre-scan: a cheap text test of each file for the names that can make it matter (settings
 * delegates and tables, secrets, their env vars, raw SQL, admin markers), before any parse.
 */
import { hasAdminPath } from "./admin-paths.js";
import { isAdminRouteFile, TRPC_RESOLVER_METHODS } from "./matchers.js";
import type { SecretRegistry } from "./registry.js";
import { compareStrings, escapeRegExp } from "./strings.js";

/** What the pre-scan found in a file: which kinds of names it mentions. */
export interface PrescanMarkers {
  /** A settings model delegate (`systemSettings`) or a settings table name, used as code (`x.systemSettings`, `from(settings)`). */
  readonly delegate: boolean;
  /** A settings model name (`SystemSettings`, mostly in types). */
  readonly model: boolean;
  /** A registered secret's field or column name. */
  readonly secret: boolean;
  /** A registered secret's environment variable. */
  readonly env: boolean;
  /** Raw SQL (`$executeRaw`, `$queryRaw`, their `Unsafe` variants). */
  readonly rawSql: boolean;
  /** An admin marker: the admin procedure pattern in the text, or an admin segment in the path. */
  readonly admin: boolean;
}

export interface PrescanResult extends PrescanMarkers {
  /**
   * The file can matter to a check: it names a settings delegate or table, a secret, its env var or
   * raw SQL, or it is an admin endpoint (the admin procedure pattern with a tRPC resolver, `query`,
   * `mutation` or `subscription`, in the text; an admin route handler's path). A bare model-name
   * mention (types) or an admin page that names nothing is not.
   */
  readonly relevant: boolean;
  /** The ESLint rules can report something in it: relevant, or it names a settings model (a type annotation can mark a row). */
  readonly lintable: boolean;
  /**
   * What it exports can carry a secret to the files that import it: it uses a settings delegate or
   * table, names a secret, or runs raw SQL that names the store (not only an admin marker, an env
   * var, or a delegate's name as a word of prose).
   */
  readonly supplies: boolean;
}

interface PrescanPatterns {
  readonly names: RegExp | undefined;
  readonly groups: ReadonlyMap<string, keyof PrescanMarkers>;
  readonly admin: RegExp;
}

const patternCache = new WeakMap<object, PrescanPatterns>();

function prescanPatterns(registry: SecretRegistry): PrescanPatterns {
  const cached = patternCache.get(registry);
  if (cached) return cached;
  const groups = new Map<string, keyof PrescanMarkers>();
  const add = (name: string, marker: keyof PrescanMarkers) => {
    if (name && !groups.has(name)) groups.set(name, marker);
  };
  for (const model of registry.settingsModels) {
    add(model.delegate, "delegate");
    add(model.name, "model"); // a `@@map` table name differs and counts as a delegate
    add(model.table, "delegate");
  }
  for (const secret of registry.secrets) {
    add(secret.field, "secret");
    add(secret.column, "secret");
    for (const env of secret.envVars) add(env, "env");
  }
  const alternatives = [...groups.keys()].sort((a, b) => b.length - a.length || compareStrings(a, b)).map(escapeRegExp);
  // Raw SQL: `$executeRaw`, `$queryRawUnsafe`, ...; names: whole words only, and not a segment of
  // a path or a kebab-case name (`services/property/property.service` names no delegate).
  const source = [
    "(\\$(?:executeRaw|queryRaw)(?:Unsafe)?)",
    ...(alternatives.length > 0 ? [`(?<![\\w$/@-])(${alternatives.join("|")})(?![\\w$/-])`] : []),
  ].join("|");
  const admin = registry.admin.procedurePattern;
  const guard = registry.admin.guardPattern;
  const patterns: PrescanPatterns = {
    names: new RegExp(source, "g"),
    groups,
    admin: new RegExp(`(?:${stripAnchors(admin.source)})|(?:${stripAnchors(guard.source)})`, admin.flags.replace(/[gy]/g, "")),
  };
  patternCache.set(registry, patterns);
  return patterns;
}

/**
 * A cheap text test: which markers does `text` mention? `file` (root-relative POSIX) adds the
 * admin path marker (`app/api/admin/**`, `**\/admin/**`). One compiled regular expression per registry.
 */
export function prescan(text: string, registry: SecretRegistry, file?: string): PrescanResult {
  const patterns = prescanPatterns(registry);
  const found: Record<keyof PrescanMarkers, boolean> = {
    delegate: false,
    model: false,
    secret: false,
    env: false,
    rawSql: false,
    admin: false,
  };
  const regex = patterns.names!;
  regex.lastIndex = 0;
  let remaining = 5; // every marker but admin
  let storeWord = false;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const marker: keyof PrescanMarkers = match[1] !== undefined ? "rawSql" : patterns.groups.get(match[2]!)!;
    if (marker === "delegate" && !usedAsStore(text, match.index, match.index + match[0].length)) {
      storeWord = true; // a word of prose, or a table name in SQL that raw SQL may build
      continue;
    }
    if (!found[marker]) {
      found[marker] = true;
      if (--remaining === 0) break;
    }
  }
  regex.lastIndex = 0;
  const adminText = patterns.admin.test(text);
  found.admin = adminText || (file !== undefined && hasAdminPath(file, registry));
  // An admin endpoint: a tRPC resolver on an admin procedure (`adminProcedure....query(fn)`), or
  // an admin route handler. An admin page that names nothing is neither (the settings UI pages
  // are the checker's anyway, whatever they mention).
  const adminEndpoint =
    ((adminText || (file !== undefined && hasAdminPath(file, registry))) && ENDPOINT_WORD.test(text)) || (file !== undefined && isAdminRouteFile(file, registry));
  // A NestJS ConfigModule's loaders: what `configService.get("NS.KEY")` reads in other files.
  const relevant = found.delegate || found.secret || found.env || found.rawSql || adminEndpoint || CONFIG_LOADER_WORD.test(text);
  const lintable = relevant || found.model;
  // Raw SQL hands a secret on only when it can name the store (`FROM "SystemSettings"`, `system_settings`).
  const supplies = found.delegate || found.secret || (found.rawSql && (found.model || storeWord));
  return { ...found, relevant, lintable, supplies };
}

/**
 * Is the delegate or table name at `start..end` used as code (`prisma.settings.findFirst`,
 * `db.update(settings)`, `settings.key`) or SQL (`UPDATE "settings"`), not a word of prose in a
 * string or a comment (`"the settings page"`, `services/settings/settings.service`)?
 */
function usedAsStore(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  if (before === "." || before === "(") return true;
  if (SQL_TABLE_BEFORE.test(text.slice(Math.max(0, start - 16), start))) return true;
  let next = end;
  while (text[next] === " " || text[next] === "\t") next++;
  const after = text[next];
  return after === "." || after === "[" || (after === "?" && text[next + 1] === ".");
}

const SQL_TABLE_BEFORE = /\b(?:from|join|update|into|table)\s+["'`]?$/i;

/**
 * The words of an endpoint: a tRPC resolver (`query`, `mutation`, `subscription`), a NestJS
 * controller or GraphQL resolver, a router's route or middleware (`.put(`, `.use(`), a server action.
 */
const ENDPOINT_WORD = new RegExp(
  `\\b(?:${[...TRPC_RESOLVER_METHODS].join("|")})\\b|@(?:Controller|Resolver)\\b|\\.(?:get|post|put|patch|delete|all|route|use|register)\\s*\\(|["']use server["']`,
);
const CONFIG_LOADER_WORD = /\bConfigModule\s*\.\s*for(?:Root|RootAsync|Feature)\b|\bregisterAs\s*\(/;

function stripAnchors(source: string): string {
  return source.replace(/^\^/, "").replace(/(?<!\\)\$$/, "") || source;
}
