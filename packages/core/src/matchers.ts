/**
 * AST-free matchers shared by the ESLint plugin and the checker: each engine recognises the
 * syntax on its own tree and asks these functions what the names and paths mean.
 */
import type { SecretRegistry } from "./registry.js";

/** Prisma client methods that write rows (the data of each is checked for secrets). */
export const PRISMA_WRITE_METHODS: ReadonlySet<string> = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
]);

/** Prisma client methods that read rows (a whole row carries every secret column). */
export const PRISMA_READ_METHODS: ReadonlySet<string> = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
]);

/** Raw SQL entry points of the Prisma client. */
export const PRISMA_RAW_SQL_METHODS: ReadonlySet<string> = new Set([
  "$executeRaw",
  "$executeRawUnsafe",
  "$queryRaw",
  "$queryRawUnsafe",
]);

export const PRISMA_TRANSACTION_METHOD = "$transaction";

/** The arguments of a write that carry row data: `data` everywhere, `create`/`update` of an upsert. */
export function writeDataKeys(method: string): readonly string[] {
  return method === "upsert" ? ["create", "update"] : ["data"];
}

/** HTTP method exports of a Next.js route handler (`app/**\/route.ts`). */
export const ROUTE_HANDLER_EXPORTS: ReadonlySet<string> = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** tRPC procedure resolvers whose callback is the handler. */
export const TRPC_RESOLVER_METHODS: ReadonlySet<string> = new Set(["query", "mutation", "subscription"]);

/** Splits a POSIX path into segments, stripping route groups `(admin)` and keeping `[id]` as is. */
function pathSegments(file: string): string[] {
  return file
    .split("/")
    .filter(Boolean)
    .map((segment) => segment.replace(/^\((.*)\)$/, "$1"));
}

/** Is `file` (POSIX, relative to the root) a Next.js route handler or a `pages/api` handler? */
export function isRouteHandlerFile(file: string): boolean {
  return /(^|\/)app\/(.*\/)?route\.(ts|tsx|js|jsx|mts|mjs)$/.test(file) || /(^|\/)pages\/api\//.test(file);
}

/** Is `file` a route handler with an admin path segment (`app/api/admin/**\/route.ts`, `pages/api/admin/**`)? */
export function isAdminRouteFile(file: string, registry: SecretRegistry): boolean {
  if (!isRouteHandlerFile(file)) return false;
  const segments = pathSegments(file);
  const start = segments.lastIndexOf("app") >= 0 ? segments.lastIndexOf("app") : segments.lastIndexOf("pages");
  const last = segments.length - 1;
  return segments.slice(start + 1).some((segment, index) => {
    const name = start + 1 + index === last ? segment.replace(/\.[^.]+$/, "") : segment;
    return registry.admin.pathSegmentPattern.test(name);
  });
}

/** Is `file` a `pages/api` handler (default export `(req, res)`)? */
export function isPagesApiFile(file: string): boolean {
  return /(^|\/)pages\/api\//.test(file);
}
