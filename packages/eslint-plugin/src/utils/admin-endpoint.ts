/**
 * Recognises admin endpoints in ESTree: tRPC procedures built on an admin procedure
 * (`adminProcedure.input(s).query(fn)`), Next.js app-router route handlers under an admin path
 * segment (`app/api/admin/**\/route.ts` exports `GET`, `POST`...), and `pages/api/admin/**`
 * default-export handlers. Mirrors the checker's `analysis/admin-endpoints.ts` so both engines
 * agree on what an admin endpoint is; the meaning of names and paths comes from core.
 */
import { isAbsolute, relative, sep } from "node:path";
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import {
  ROUTE_HANDLER_EXPORTS,
  TRPC_RESOLVER_METHODS,
  isAdminProcedureName,
  isAdminRouteFile,
  isPagesApiFile,
  isRouteHandlerFile,
  type SecretRegistry,
} from "@secret-guardrails/core";
import { isFunction, memberName, unwrap } from "./ast.js";

type Scope = TSESLint.Scope.Scope;

export type HandlerFunction =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export type AdminEndpointKind = "trpc" | "route" | "pages-api";

export interface AdminEndpoint {
  readonly kind: AdminEndpointKind;
  /** The exported method (`GET`), `default`, or the tRPC resolver method (`query`). */
  readonly name: string;
  readonly handler: HandlerFunction;
}

/**
 * The path of the linted file as the admin-route matchers expect it: POSIX and relative to `root`
 * (the config root or ESLint's cwd). A file outside `root` keeps its absolute POSIX path; the
 * matchers only look at the segments after the last `app` / `pages` folder.
 */
export function lintedFilePath(filename: string, root: string): string {
  if (!isAbsolute(filename)) return filename.split(sep).join("/");
  const rel = relative(root, filename);
  const chosen = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? filename : rel;
  return chosen.split(sep).join("/");
}

/** Is `file` (see {@link lintedFilePath}) an admin route handler file, and of which kind? */
export function adminRouteFileKind(file: string, registry: SecretRegistry): "route" | "pages-api" | undefined {
  if (!isRouteHandlerFile(file) || !isAdminRouteFile(file, registry)) return undefined;
  return isPagesApiFile(file) ? "pages-api" : "route";
}

/**
 * If `call` is `<procedure chain>.query(handler)` / `.mutation(handler)` / `.subscription(handler)`
 * and the chain is built on an admin procedure, the handler function. The chain is walked through
 * calls and member accesses (`trpc.adminProcedure.input(s).use(m).query`); the root identifier or
 * any member name on the way must match the registry's admin procedure pattern. A root that is a local `const` alias
 * (`const proc = adminProcedure.input(s)`) is followed. A handler passed by name is resolved to
 * its in-file function.
 */
export function adminTrpcHandler(
  call: TSESTree.CallExpression,
  registry: SecretRegistry,
  scope: Scope | undefined,
): HandlerFunction | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee, scope);
  if (method === undefined || !TRPC_RESOLVER_METHODS.has(method)) return undefined;
  const argument = call.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const isAdmin = (name: string): boolean => isAdminProcedureName(name, registry);
  if (!isAdminChain(callee.object, isAdmin, scope, 0)) return undefined;
  return functionOf(argument, scope, 0);
}

function isAdminChain(node: TSESTree.Node, isAdmin: (name: string) => boolean, scope: Scope | undefined, depth: number): boolean {
  let current = unwrap(node);
  for (let guard = 0; guard < 50; guard++) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      current = unwrap(current.callee);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(current, scope);
      if (name !== undefined && isAdmin(name)) return true;
      current = unwrap(current.object);
    } else if (current.type === AST_NODE_TYPES.Identifier) {
      if (isAdmin(current.name)) return true;
      // `const proc = adminProcedure.input(schema); proc.query(...)`
      const init = constInit(current, scope);
      return init !== undefined && depth < 5 && isAdminChain(init, isAdmin, scope, depth + 1);
    } else {
      return false;
    }
  }
  return false;
}

/** The initialiser of a single-definition, never-reassigned variable `const x = init`. */
function constInit(identifier: TSESTree.Identifier, scope: Scope | undefined): TSESTree.Expression | undefined {
  if (!scope) return undefined;
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== "Variable" || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== def.node.id)) return undefined;
  return def.node.init;
}

/**
 * The handler function behind an expression: a function, an in-file function referenced by name,
 * or the function wrapped by a higher-order call (`withAdmin(async (req) => ...)`).
 */
export function functionOf(node: TSESTree.Node, scope: Scope | undefined, depth = 0): HandlerFunction | undefined {
  const target = unwrap(node);
  if (isFunction(target)) return target;
  if (depth > 5) return undefined;
  if (target.type === AST_NODE_TYPES.Identifier && scope) {
    const variable = ASTUtils.findVariable(scope, target);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === "FunctionName" && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    const init = constInit(target, scope);
    return init ? functionOf(init, scope, depth + 1) : undefined;
  }
  if (target.type === AST_NODE_TYPES.CallExpression) {
    // The last function-like argument: `withAuth(options, async (req) => ...)`.
    for (let index = target.arguments.length - 1; index >= 0; index--) {
      const argument = target.arguments[index]!;
      if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
      const inner = functionOf(argument, scope, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Handlers exported by a route file: app-router `GET`/`POST`/... (`export async function GET`,
 * `export const GET = ...`, `export { handler as GET }`), or the `pages/api` default export.
 */
export function exportedRouteHandlers(
  program: TSESTree.Program,
  kind: "route" | "pages-api",
  scope: Scope | undefined,
): AdminEndpoint[] {
  const endpoints: AdminEndpoint[] = [];
  const add = (name: string, node: TSESTree.Node | null | undefined): void => {
    if (!node) return;
    const handler = functionOf(node, scope);
    if (handler && !endpoints.some((endpoint) => endpoint.handler === handler)) endpoints.push({ kind, name, handler });
  };
  for (const statement of program.body) {
    if (kind === "pages-api") {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) add("default", statement.declaration);
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (exportedName(specifier) === "default") add("default", specifier.local);
        }
      }
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) continue;
    const declaration = statement.declaration;
    if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id && ROUTE_HANDLER_EXPORTS.has(declaration.id.name)) {
      add(declaration.id.name, declaration);
    } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && ROUTE_HANDLER_EXPORTS.has(declarator.id.name)) {
          add(declarator.id.name, declarator.init);
        }
      }
    } else if (!statement.source) {
      for (const specifier of statement.specifiers) {
        const name = exportedName(specifier);
        if (ROUTE_HANDLER_EXPORTS.has(name)) add(name, specifier.local);
      }
    }
  }
  return endpoints;
}

function exportedName(specifier: TSESTree.ExportSpecifier): string {
  return specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : String(specifier.exported.value);
}
