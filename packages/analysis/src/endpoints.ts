/**
 * Endpoints: functions a framework calls with request input. Their parameters are sources (request
 * input); an admin endpoint's responses are sinks. Recognised per file:
 * - tRPC: the resolver of `.query(fn)` / `.mutation(fn)` / `.subscription(fn)` on a procedure chain
 *   (admin when a name on the chain matches `admin.procedurePattern`), its input the chain's `.input(...)`;
 * - Next.js route handlers (`app/**\/route.ts` exports `GET`, `POST`, ...) and `pages/api` handlers
 *   (admin under a path segment matching `admin.pathSegmentPattern`);
 * - NestJS controllers and GraphQL resolvers (frameworks/nest.ts), Express/Koa/Hono/Fastify routes
 *   (frameworks/routers.ts), Next.js server actions under an admin route (frameworks/server-actions.ts).
 */
import { isAdminRouteFile, isPagesApiFile, isRouteHandlerFile, ROUTE_HANDLER_EXPORTS, TRPC_RESOLVER_METHODS } from "@secret-guardrails/core";
import type { Evaluator } from "./evaluator-api.js";
import { checksAdmin } from "./frameworks/inline-checks.js";
import { findResolverMapEndpoints } from "./frameworks/resolver-maps.js";
import { mergeShapes, schemasIn } from "./schemas.js";
import { hasModifier, staticName, unwrap, walk, type FunctionLike } from "./syntax.js";
import type { TS } from "./ts.js";
import { NOTHING, type EndpointRef, type Entry, type Shape, type Value } from "./values.js";
import { inputOfType } from "./frameworks/classes.js";
import { functionOf } from "./frameworks/handlers.js";
import { findNestEndpoints } from "./frameworks/nest.js";
import { findRouterEndpoints } from "./frameworks/routers.js";
import { findServerActions } from "./frameworks/server-actions.js";

const caches = new WeakMap<Evaluator, Map<TS.SourceFile, ReadonlyMap<FunctionLike, EndpointRef>>>();

/** The endpoints of a file, by handler. */
export function endpointsOf(ev: Evaluator, file: TS.SourceFile): ReadonlyMap<FunctionLike, EndpointRef> {
  let byFile = caches.get(ev);
  if (!byFile) {
    byFile = new Map();
    caches.set(ev, byFile);
  }
  let endpoints = byFile.get(file);
  if (!endpoints) {
    endpoints = findEndpoints(ev, file);
    byFile.set(file, endpoints);
  }
  return endpoints;
}

/** The endpoint whose handler `fn` is, if it is one. */
export function endpointOf(ev: Evaluator, fn: FunctionLike): EndpointRef | undefined {
  return endpointsOf(ev, fn.getSourceFile()).get(fn);
}

/** What the framework passes an endpoint's parameter (undefined for other functions). */
export function endpointParameterValue(ev: Evaluator, fn: FunctionLike, index: number): Value | undefined {
  const endpoint = endpointOf(ev, fn);
  if (!endpoint) return undefined;
  const parameter = fn.parameters[index];
  switch (endpoint.kind) {
    case "trpc": {
      if (index !== 0) return NOTHING;
      const entries: Entry[] = [
        { kind: "prop", key: "input", value: [{ k: "input", shape: inputShape(ev, endpoint), node: parameter ?? fn, endpoint }], node: parameter ?? fn },
        { kind: "prop", key: "ctx", value: [{ k: "opaque", why: "param", name: "ctx", node: parameter ?? fn }], node: parameter ?? fn },
      ];
      return [{ k: "object", entries, node: parameter ?? fn }];
    }
    case "route":
    case "pages":
      if (index === 0) return [{ k: "request", node: parameter ?? fn, endpoint }];
      return [{ k: "opaque", why: "param", name: index === 1 && endpoint.kind === "pages" ? "res" : "context", node: parameter ?? fn }];
    default:
      return frameworkParameterValue(ev, endpoint, fn, index);
  }
}

/** A NestJS/GraphQL handler's, a router handler's or a server action's parameter, as its framework passes it. */
function frameworkParameterValue(ev: Evaluator, endpoint: EndpointRef, fn: FunctionLike, index: number): Value | undefined {
  const parameter = fn.parameters[index];
  const source = endpoint.parameters?.[index];
  if (!parameter || !source) return undefined;
  switch (source.source) {
    case "request":
    case "context":
      // Express `req`, Koa `ctx` (`ctx.request.body`), Hono `c` (`c.req.json()`), Fastify `request`.
      return [{ k: "request", node: parameter, endpoint }];
    case "input": {
      const typed = inputOfType(ev, parameter.type, parameter, endpoint);
      if (source.key === undefined) return typed;
      // `@Body("smtpPassword") password`, `@Args("input") input: UpdateInput`, `@Param("key") key`.
      if (typed.some((atom) => atom.k === "array" || (atom.k === "input" && (atom.shape.keys.size > 0 || atom.shape.unresolved)))) return typed;
      const whole: Value = [{ k: "input", shape: { keys: new Map([[source.key, { node: parameter }]]), open: false }, node: parameter, endpoint }];
      return ev.member(whole, source.key, parameter);
    }
    default:
      return undefined;
  }
}

/** The input shape of an endpoint: its schemas merged (unresolved when one cannot be seen). */
export function inputShape(ev: Evaluator, endpoint: EndpointRef): Shape {
  const schemas = endpoint.inputSchemas ?? [];
  if (schemas.length === 0) return { keys: new Map(), open: false };
  const shapes: Shape[] = [];
  let unresolved = false;
  for (const schema of schemas) {
    const found = schemasIn(ev, ev.valueOf(schema));
    if (found.length === 0) unresolved = true;
    shapes.push(...found);
  }
  const merged = shapes.length > 0 ? mergeShapes(shapes, schemas[0]) : { keys: new Map(), open: false };
  return unresolved ? { ...merged, unresolved: true } : merged;
}

function findEndpoints(ev: Evaluator, file: TS.SourceFile): Map<FunctionLike, EndpointRef> {
  const ts = ev.ts;
  const registry = ev.registry;
  const endpoints = new Map<FunctionLike, EndpointRef>();
  const path = ev.host.relativePath(file);

  // tRPC resolvers.
  walk(ts, file, (node) => {
    if (!ts.isCallExpression(node)) return true;
    const callee = unwrap(ts, node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !TRPC_RESOLVER_METHODS.has(callee.name.text)) return true;
    const chain = procedureChain(ev, callee.expression);
    if (!chain) return true;
    const handler = node.arguments[0] ? functionOf(ev, node.arguments[0]) : undefined;
    if (!handler) return true;
    endpoints.set(handler, {
      handler,
      name: endpointName(ev, node) ?? callee.name.text,
      kind: "trpc",
      admin: chain.guarded || chain.names.some((name) => registry.admin.procedurePattern.test(name)),
      inputSchemas: chain.inputs,
    });
    return true;
  });

  // NestJS, GraphQL, routers, server actions: a handler registered twice is admin if one registration is.
  const addFramework = (endpoint: EndpointRef) => {
    const known = endpoints.get(endpoint.handler);
    endpoints.set(endpoint.handler, known && known.admin && !endpoint.admin ? known : endpoint);
  };
  findNestEndpoints(ev, file, addFramework);
  findRouterEndpoints(ev, file, addFramework);
  findServerActions(ev, file, addFramework);
  findResolverMapEndpoints(ev, file, addFramework);

  // Next.js route handlers and pages/api handlers.
  const routeFile = isRouteHandlerFile(path);
  if (routeFile) {
    const pages = isPagesApiFile(path);
    const admin = isAdminRouteFile(path, registry);
    const add = (name: string, expression: TS.Node | undefined) => {
      const handler = expression ? functionOf(ev, expression) : undefined;
      if (handler) endpoints.set(handler, { handler, name, kind: pages ? "pages" : "route", admin });
    };
    for (const statement of file.statements) {
      if (pages) {
        if (ts.isFunctionDeclaration(statement) && hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword)) add("default", statement);
        if (ts.isExportAssignment(statement) && !statement.isExportEquals) add("default", statement.expression);
        continue;
      }
      if (ts.isFunctionDeclaration(statement) && statement.name && ROUTE_HANDLER_EXPORTS.has(statement.name.text) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        add(statement.name.text, statement);
      } else if (ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && ROUTE_HANDLER_EXPORTS.has(declaration.name.text)) add(declaration.name.text, declaration.initializer);
        }
      } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (ROUTE_HANDLER_EXPORTS.has(element.name.text)) add(element.name.text, element.propertyName ?? element.name);
        }
      }
    }
  }
  // An admin check in the handler's own body makes any endpoint admin-only (`if (user.role !== "admin") return 403`).
  for (const [handler, endpoint] of endpoints) if (!endpoint.admin && checksAdmin(ev, handler)) endpoints.set(handler, { ...endpoint, admin: true });
  return endpoints;
}

/**
 * The procedure chain under a resolver call: every name on it (`t.adminProcedure.input(s).use(m)`,
 * through `const proc = adminProcedure.input(s)`), and its `.input(...)` schemas. Undefined when the
 * chain is not a tRPC procedure (no name on it says procedure, no `.input`).
 */
function procedureChain(ev: Evaluator, start: TS.Expression): { names: string[]; inputs: TS.Expression[]; guarded: boolean } | undefined {
  const ts = ev.ts;
  const names: string[] = [];
  const inputs: TS.Expression[] = [];
  // A `.use(middleware)` whose name or body checks admin (`enforceUserIsAdmin`, an inline role check).
  let guarded = false;
  let node: TS.Expression = unwrap(ts, start);
  let isProcedure = false;
  for (let depth = 0; depth < 40; depth++) {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(ts, node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        if (callee.name.text === "input" && node.arguments[0]) {
          inputs.unshift(node.arguments[0]);
          isProcedure = true;
        }
        if (callee.name.text === "use" && node.arguments[0]) {
          const middleware = unwrap(ts, node.arguments[0]);
          if (ts.isIdentifier(middleware)) names.push(middleware.text);
          for (const atom of ev.valueOf(middleware)) if (atom.k === "function" && checksAdmin(ev, atom.fn)) guarded = true;
        }
        node = unwrap(ts, callee.expression);
        continue;
      }
      node = callee;
      continue;
    }
    if (ts.isPropertyAccessExpression(node)) {
      names.push(node.name.text);
      node = unwrap(ts, node.expression);
      continue;
    }
    if (ts.isIdentifier(node)) {
      names.push(node.text);
      const binding = ev.declarationOf(node);
      const declaration = binding?.declaration;
      if (binding && binding.path.length === 0 && declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const init = unwrap(ts, declaration.initializer);
        if (ts.isCallExpression(init) || ts.isPropertyAccessExpression(init) || ts.isIdentifier(init)) {
          node = init;
          continue;
        }
      }
      break;
    }
    break;
  }
  if (names.some((name) => /procedure/i.test(name) || ev.registry.admin.procedurePattern.test(name))) isProcedure = true;
  return isProcedure ? { names, inputs, guarded } : undefined;
}

/** How the code names a resolver: its router key or the variable it is assigned to. */
function endpointName(ev: Evaluator, call: TS.CallExpression): string | undefined {
  const ts = ev.ts;
  let node: TS.Node = call;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  if (parent && ts.isPropertyAssignment(parent)) return staticName(ts, parent.name);
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
