/**
 * Finds admin endpoints in a file: tRPC procedures built on an admin procedure
 * (`adminProcedure.input(s).mutation(fn)`), Next.js route handlers under an admin path segment
 * (`app/api/admin/**\/route.ts` exports `GET`, `POST`...), and `pages/api/admin/**` handlers.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, SourceFile } from "ts-morph";
import {
  ROUTE_HANDLER_EXPORTS,
  TRPC_RESOLVER_METHODS,
  isAdminProcedureName,
  isAdminRouteFile,
  isPagesApiFile,
  type SecretRegistry,
} from "@secret-guardrails/core";
import { declarationsOf, isFunctionLike, unwrapExpression } from "./syntax.js";
import { nameOfCode } from "../code-name.js";

export interface AdminEndpoint {
  readonly kind: "trpc" | "route" | "pages-api";
  /** The procedure key (`updateSmtpSettings`) or the exported method (`GET`). */
  readonly name: string;
  /** The handler function (resolver callback, route function). */
  readonly handler: Node;
  /** tRPC only: `query`, `mutation` or `subscription`. */
  readonly resolver?: string;
  /** tRPC only: the arguments of every `.input(...)` on the procedure chain, in order. */
  readonly inputs: readonly Node[];
}

const cache = new WeakMap<SourceFile, AdminEndpoint[]>();

/** Admin endpoints of a file (cached per file). `file` is the POSIX path relative to the root. */
export function adminEndpointsIn(sourceFile: SourceFile, file: string, registry: SecretRegistry): readonly AdminEndpoint[] {
  let endpoints = cache.get(sourceFile);
  if (endpoints) return endpoints;
  endpoints = [];
  for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const endpoint = trpcAdminEndpoint(call, registry);
    if (endpoint) endpoints.push(endpoint);
  }
  if (isAdminRouteFile(file, registry)) {
    endpoints.push(...(isPagesApiFile(file) ? pagesApiHandlers(sourceFile) : routeHandlers(sourceFile)));
  }
  cache.set(sourceFile, endpoints);
  return endpoints;
}

/** `<chain>.query(fn)` / `.mutation(fn)` whose chain is built on an admin procedure. */
function trpcAdminEndpoint(call: CallExpression, registry: SecretRegistry): AdminEndpoint | undefined {
  const callee = unwrapExpression(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || !TRPC_RESOLVER_METHODS.has(callee.getName())) return undefined;
  const handler = call.getArguments()[0];
  if (!handler || !isFunctionLike(unwrapExpression(handler))) return undefined;

  const inputs: Node[] = [];
  let admin = false;
  let current: Node = unwrapExpression(callee.getExpression());
  let constants = 0;
  for (let guard = 0; guard < 50; guard++) {
    if (Node.isCallExpression(current)) {
      const inner = unwrapExpression(current.getExpression());
      if (Node.isPropertyAccessExpression(inner) && inner.getName() === "input") {
        const argument = current.getArguments()[0];
        if (argument) inputs.unshift(argument);
      }
      current = inner;
    } else if (Node.isPropertyAccessExpression(current)) {
      if (isAdminProcedureName(current.getName(), registry)) admin = true;
      current = unwrapExpression(current.getExpression());
    } else {
      if (Node.isIdentifier(current) && isAdminProcedureName(current.getText(), registry)) admin = true;
      // `const settingsProcedure = adminProcedure.input(base)`: the chain continues in the constant.
      const next = !admin && Node.isIdentifier(current) && constants++ < 4 ? procedureConstant(current) : undefined;
      if (!next) break;
      current = next;
    }
  }
  if (!admin) return undefined;
  const property = call.getFirstAncestor((node) => Node.isPropertyAssignment(node));
  const name = property && Node.isPropertyAssignment(property) ? nameOfCode(property.getNameNode()) : callee.getName();
  return { kind: "trpc", name, handler: unwrapExpression(handler), resolver: callee.getName(), inputs };
}

/** The initializer of a `const` procedure builder chain (`const p = adminProcedure.use(...)`), in any file. */
function procedureConstant(identifier: Node): Node | undefined {
  for (const declaration of declarationsOf(identifier)) {
    if (!Node.isVariableDeclaration(declaration)) continue;
    const initializer = declaration.getInitializer();
    const target = initializer && unwrapExpression(initializer);
    if (target && (Node.isCallExpression(target) || Node.isPropertyAccessExpression(target) || Node.isIdentifier(target))) return target;
  }
  return undefined;
}

/** Exported `GET`/`POST`/... functions of an app-router `route.ts`. */
function routeHandlers(sourceFile: SourceFile): AdminEndpoint[] {
  const endpoints: AdminEndpoint[] = [];
  for (const [name, declarations] of sourceFile.getExportedDeclarations()) {
    if (!ROUTE_HANDLER_EXPORTS.has(name)) continue;
    for (const declaration of declarations) {
      const handler = functionOf(declaration);
      if (handler) endpoints.push({ kind: "route", name, handler, inputs: [] });
    }
  }
  return endpoints;
}

/** The default-export handler of a `pages/api` file. */
function pagesApiHandlers(sourceFile: SourceFile): AdminEndpoint[] {
  const declarations = sourceFile.getExportedDeclarations().get("default") ?? [];
  return declarations
    .map(functionOf)
    .filter((handler): handler is Node => handler !== undefined)
    .map((handler) => ({ kind: "pages-api" as const, name: "default", handler, inputs: [] }));
}

function functionOf(declaration: Node): Node | undefined {
  if (isFunctionLike(declaration)) return declaration;
  if (Node.isVariableDeclaration(declaration)) {
    const initializer = declaration.getInitializer();
    const target = initializer && unwrapExpression(initializer);
    if (target && isFunctionLike(target)) return target;
    // `export const GET = withAdmin(async (req) => ...)`: the wrapped function.
    if (target && Node.isCallExpression(target)) {
      const inner = target.getArguments().map(unwrapExpression).find(isFunctionLike);
      if (inner) return inner;
    }
  }
  if (Node.isExportAssignment(declaration)) return functionOf(declaration.getExpression());
  return undefined;
}
