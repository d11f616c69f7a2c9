/**
 * Express, Koa (`@koa/router`), Hono and Fastify routes: `router.put("/settings", ...middleware,
 * handler)` on a router or app the engine can tell (created by `express()`, `Router()`,
 * `new Router()`, `new Hono()`, `Fastify()`; a parameter or import named or typed like one). A
 * route is admin when a middleware before its handler is an admin check (`requireAdmin`,
 * `requireRole("admin")`; see guards.ts), when its path has an admin segment, or when its router
 * is guarded: `router.use(requireAdmin)` before it, or the router mounted behind an admin
 * middleware or under an admin path (`app.use("/admin", requireAdmin, router)`, Hono's
 * `app.route("/admin", sub)`, Fastify's `register(plugin, { prefix: "/admin" })`), in this file or
 * in another one the host shows (the checker sees the project; the editor sees the file).
 */
import type { Evaluator } from "../evaluator-api.js";
import { identifierPath, isFunctionLike, staticName, unwrap, walk } from "../syntax.js";
import type { TS } from "../ts.js";
import { constantKey, type EndpointRef } from "../values.js";
import {
  ROUTE_HOOK_OPTIONS,
  ROUTER_FACTORIES,
  ROUTER_METHODS,
  ROUTER_MIDDLEWARE_METHODS,
  ROUTER_MOUNT_METHODS,
  ROUTER_NAME,
  ROUTER_TYPES,
  VALIDATOR_MIDDLEWARE,
  type RouterFramework,
} from "../vocabulary.js";
import { isAdminMiddleware, isAdminPath } from "./guards.js";
import { functionName, functionOf } from "./handlers.js";

/** A router or app: the declaration that identifies it (a variable, a parameter, a class field). */
interface RouterRef {
  readonly key: TS.Node;
  readonly framework: RouterFramework;
}

/** `router.use(path?, ...middleware)`: an admin check for the routes after it (under `path`). */
interface RouterUse {
  readonly at: TS.Node;
  readonly path: string | undefined;
}

/** A router mounted on another: behind admin middleware (`admin`), under `path`. */
interface RouterMount {
  readonly parent: TS.Node;
  readonly at: TS.Node;
  readonly path: string | undefined;
  readonly admin: boolean;
}

interface RouterIndex {
  readonly uses: Map<TS.Node, RouterUse[]>;
  readonly mounts: Map<TS.Node, RouterMount[]>;
}

const indexes = new WeakMap<Evaluator, RouterIndex>();

/** The routes of a file. */
export function findRouterEndpoints(ev: Evaluator, file: TS.SourceFile, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  if (!/\.(?:get|post|put|patch|delete|del|all|options|head|route)\s*\(/.test(file.text)) return;
  walk(ts, file, (node) => {
    if (!ts.isCallExpression(node)) return true;
    const callee = unwrap(ts, node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return true;
    const method = callee.name.text;
    if (ROUTER_METHODS.has(method)) addRoute(ev, node, callee, add);
    else if (method === "route" && node.arguments.length === 1) addRouteObject(ev, node, callee, add);
    return true;
  });
}

/** `router.put(path, ...middleware, handler)`, `router.route(path).put(handler)`, `app.get(path).post(...)` (Hono). */
function addRoute(ev: Evaluator, call: TS.CallExpression, callee: TS.PropertyAccessExpression, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  const router = routerOf(ev, callee.expression);
  if (!router) return;
  let path = call.arguments[0] ? pathOf(ev, call.arguments[0]) : undefined;
  let items: readonly TS.Expression[] = path === undefined ? call.arguments : call.arguments.slice(1);
  // Express `router.route("/x").put(handler)`: the path is the `route` call's.
  const receiver = unwrap(ts, callee.expression);
  if (path === undefined && ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(unwrap(ts, receiver.expression)) && (unwrap(ts, receiver.expression) as TS.PropertyAccessExpression).name.text === "route") {
    path = receiver.arguments[0] ? pathOf(ev, receiver.arguments[0]) : undefined;
    items = call.arguments;
  }
  if (path === undefined && ts.isCallExpression(receiver) === false) return;
  const flat = flatten(ev, items);
  const handlerAt = lastIndex(flat, (item) => functionOf(ev, item) !== undefined && !isOptionsObject(ev, item));
  if (handlerAt < 0) return;
  const handler = functionOf(ev, flat[handlerAt]!)!;
  const middleware: TS.Expression[] = [];
  for (const item of flat.slice(0, handlerAt)) middleware.push(...(isOptionsObject(ev, item) ? hookOptions(ev, item) : [item]));
  add(routeEndpoint(ev, router, call, path, middleware, handler, callee));
}

/** Fastify's `fastify.route({ method, url, preHandler, handler })`. */
function addRouteObject(ev: Evaluator, call: TS.CallExpression, callee: TS.PropertyAccessExpression, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  const options = unwrap(ts, call.arguments[0]!);
  if (!ts.isObjectLiteralExpression(options)) return;
  const router = routerOf(ev, callee.expression);
  if (!router) return;
  const property = (name: string) => {
    const found = options.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) && staticName(ts, p.name) === name);
    if (!found) return undefined;
    if (ts.isPropertyAssignment(found)) return found.initializer;
    if (ts.isShorthandPropertyAssignment(found)) return found.name;
    return found as unknown as TS.Expression;
  };
  const handlerNode = property("handler");
  const handler = handlerNode ? functionOf(ev, handlerNode) : undefined;
  if (!handler) return;
  const urlNode = property("url") ?? property("path");
  const path = urlNode ? pathOf(ev, urlNode) : undefined;
  add(routeEndpoint(ev, router, call, path, hookOptions(ev, options), handler, callee));
}

function routeEndpoint(
  ev: Evaluator,
  router: RouterRef,
  call: TS.CallExpression,
  path: string | undefined,
  middleware: readonly TS.Expression[],
  handler: import("../syntax.js").FunctionLike,
  callee: TS.PropertyAccessExpression,
): EndpointRef {
  const admin = middleware.some((item) => isAdminMiddleware(ev, item)) || isAdminPath(ev, path) || guardedAt(ev, router.key, call, path, 0);
  const schemas = middleware.flatMap((item) => validatorSchema(ev, item));
  return {
    handler,
    name: functionName(ev, handler) ?? identifierPath(ev.ts, callee) ?? callee.name.text,
    kind: "express",
    admin,
    framework: router.framework,
    returnsResponse: router.framework === "hono" || router.framework === "fastify",
    parameters: handler.parameters.map((_, index) => ({ source: index === 0 ? "context" : "other" })),
    ...(schemas.length > 0 ? { inputSchemas: schemas } : {}),
  };
}

/** Hono's `zValidator("json", schema)`: the schema `c.req.valid("json")` returns. */
function validatorSchema(ev: Evaluator, item: TS.Expression): TS.Expression[] {
  const ts = ev.ts;
  const node = unwrap(ts, item);
  if (!ts.isCallExpression(node)) return [];
  const name = identifierPath(ts, node.expression)?.split(".").at(-1);
  if (name === undefined || !VALIDATOR_MIDDLEWARE.test(name)) return [];
  const schema = node.arguments[1];
  return schema ? [schema] : [];
}

/** Fastify route options (`{ preHandler: [requireAdmin] }`): the hooks that run before the handler. */
function hookOptions(ev: Evaluator, options: TS.Expression): TS.Expression[] {
  const ts = ev.ts;
  const node = unwrap(ts, options);
  if (!ts.isObjectLiteralExpression(node)) return [];
  const hooks: TS.Expression[] = [];
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const name = staticName(ts, property.name);
    if (name !== undefined && ROUTE_HOOK_OPTIONS.has(name)) hooks.push(property.initializer);
  }
  return hooks;
}

function isOptionsObject(ev: Evaluator, item: TS.Expression): boolean {
  return ev.ts.isObjectLiteralExpression(unwrap(ev.ts, item));
}

/** Arrays of handlers spread into one list (`router.put(path, [auth, requireAdmin], handler)`). */
function flatten(ev: Evaluator, items: readonly TS.Expression[]): TS.Expression[] {
  const ts = ev.ts;
  const result: TS.Expression[] = [];
  for (const item of items) {
    const node = unwrap(ts, item);
    if (ts.isArrayLiteralExpression(node)) result.push(...flatten(ev, node.elements.filter((element) => !ts.isSpreadElement(element))));
    else if (!ts.isSpreadElement(node)) result.push(item);
  }
  return result;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
  return -1;
}

/** A route path: a string, a template's constant head (`/admin/${id}`), a constant. */
function pathOf(ev: Evaluator, node: TS.Expression): string | undefined {
  const ts = ev.ts;
  const target = unwrap(ts, node);
  if (ts.isTemplateExpression(target)) return target.head.text;
  if (isFunctionLike(ts, target) || ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) return undefined;
  const key = constantKey(ev.valueOf(target));
  return key !== undefined && /^[/*]|^$/.test(key) ? key : undefined;
}

/**
 * The router or app an expression is: created here (`express.Router()`), a name bound to one (in
 * this file or, when the host follows imports, another), a parameter named or typed like one
 * (a Fastify plugin's `fastify`), a chain on one (`app.get(...).post(...)`, `router.route(path)`).
 */
function routerOf(ev: Evaluator, expression: TS.Expression, depth = 0): RouterRef | undefined {
  const ts = ev.ts;
  if (depth > 8) return undefined;
  const node = unwrap(ts, expression);
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = unwrap(ts, node.expression);
    if (ts.isPropertyAccessExpression(callee) && (ROUTER_METHODS.has(callee.name.text) || callee.name.text === "route" || callee.name.text === "use")) {
      return ts.isCallExpression(node) ? routerOf(ev, callee.expression, depth + 1) : undefined;
    }
    const name = identifierPath(ts, callee)?.split(".").at(-1);
    const framework = name === undefined ? undefined : ROUTER_FACTORIES.get(name);
    if (!framework) return undefined;
    // `new Router()` is `@koa/router`'s; express's is a call.
    return { key: node, framework: name === "Router" && ts.isNewExpression(node) ? "koa" : framework };
  }
  if (ts.isIdentifier(node)) {
    const binding = ev.declarationOf(node);
    if (!binding) return undefined;
    const declaration = binding.kind === "import" ? defaultExport(ev, binding.declaration) ?? binding.declaration : binding.declaration;
    if (ts.isVariableDeclaration(declaration) && binding.path.length === 0 && declaration.initializer) {
      const created = routerOf(ev, declaration.initializer, depth + 1);
      return created ? { key: declaration, framework: created.framework } : undefined;
    }
    if (ts.isParameter(declaration)) {
      // Fastify: the instance a plugin given to `app.register(plugin)` gets.
      const plugin = declaration.parent;
      if (plugin.parameters[0] === declaration && isRegisteredPlugin(ev, plugin, depth)) return { key: declaration, framework: "fastify" };
      const typeName = declaration.type && ts.isTypeReferenceNode(declaration.type) ? (ts.isIdentifier(declaration.type.typeName) ? declaration.type.typeName.text : declaration.type.typeName.right.text) : undefined;
      const typed = typeName === undefined ? undefined : ROUTER_TYPES.get(typeName);
      if (typed) return { key: declaration, framework: typed };
      if (!declaration.type && ROUTER_NAME.test(node.text)) return { key: declaration, framework: node.text === "fastify" ? "fastify" : "express" };
      return undefined;
    }
    // An import the host does not follow: known by its name only.
    if (binding.kind === "import" && declaration === binding.declaration && ROUTER_NAME.test(node.text)) return { key: declaration, framework: "express" };
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    // `this.router = Router()` in a class of routes.
    for (let current: TS.Node | undefined = node.parent; current; current = current.parent) {
      if (!ts.isClassLike(current)) continue;
      const field = current.members.find((member): member is TS.PropertyDeclaration => ts.isPropertyDeclaration(member) && staticName(ts, member.name) === node.name.text);
      const created = field?.initializer ? routerOf(ev, field.initializer, depth + 1) : undefined;
      return created && field ? { key: field, framework: created.framework } : undefined;
    }
  }
  return undefined;
}

/** Is `fn` given to `router.register(fn, ...)` (a Fastify plugin)? */
function isRegisteredPlugin(ev: Evaluator, fn: TS.Node, depth: number): boolean {
  const ts = ev.ts;
  let node: TS.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = unwrap(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "register" && routerOf(ev, callee.expression, depth + 1) !== undefined;
}

/** `import router from "./admin"`: the declaration the module's `export default router` names. */
function defaultExport(ev: Evaluator, declaration: TS.Node): TS.Node | undefined {
  const ts = ev.ts;
  if (!ts.isImportClause(declaration) || !ts.isStringLiteral(declaration.parent.moduleSpecifier)) return undefined;
  const target = ev.host.resolveModule?.(declaration.getSourceFile(), declaration.parent.moduleSpecifier.text);
  if (!target) return undefined;
  for (const statement of target.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(unwrap(ts, statement.expression))) {
      return ev.scopes.moduleScope(target).get((unwrap(ts, statement.expression) as TS.Identifier).text)?.declaration;
    }
  }
  return undefined;
}

/** Is a route registered on `router` at `at` (under `path`) behind an admin check of the router or of where it is mounted? */
function guardedAt(ev: Evaluator, router: TS.Node, at: TS.Node, path: string | undefined, depth: number): boolean {
  if (depth > 6) return false;
  const index = routerIndex(ev, at.getSourceFile());
  const before = (use: { at: TS.Node }) => use.at.getSourceFile() !== at.getSourceFile() || use.at.pos < at.pos;
  if ((index.uses.get(router) ?? []).some((use) => before(use) && covers(use.path, path))) return true;
  for (const mount of index.mounts.get(router) ?? []) {
    if (mount.admin || isAdminPath(ev, mount.path)) return true;
    if (guardedAt(ev, mount.parent, mount.at, joinPaths(mount.path, path), depth + 1)) return true;
  }
  return false;
}

/** Does a `use(path, ...)` cover a route path (`/admin` covers `/admin/x`; no path covers all)? */
function covers(prefix: string | undefined, path: string | undefined): boolean {
  const base = (prefix ?? "").replace(/\/?\*$/, "").replace(/\/$/, "");
  if (base === "") return true;
  if (path === undefined) return false;
  return path === base || path.startsWith(`${base}/`);
}

function joinPaths(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined) return path;
  if (path === undefined) return prefix;
  return `${prefix.replace(/\/$/, "")}/${path.replace(/^\//, "")}`;
}

/** The admin `use`s and the mounts of every router of the files the host shows (the project, or the one file). */
function routerIndex(ev: Evaluator, file: TS.SourceFile): RouterIndex {
  const known = indexes.get(ev);
  if (known) return known;
  const index: RouterIndex = { uses: new Map(), mounts: new Map() };
  indexes.set(ev, index);
  const ts = ev.ts;
  const files = ev.host.projectFiles?.() ?? [file];
  for (const source of new Set([...files, file])) {
    if (!/\.(?:use|route|register|addHook)\s*\(/.test(source.text)) continue;
    walk(ts, source, (node) => {
      if (!ts.isCallExpression(node)) return true;
      const callee = unwrap(ts, node.expression);
      if (!ts.isPropertyAccessExpression(callee) || !ROUTER_MOUNT_METHODS.has(callee.name.text)) return true;
      const parent = routerOf(ev, callee.expression);
      if (parent) indexCall(ev, index, parent, node, callee.name.text);
      return true;
    });
  }
  return index;
}

function indexCall(ev: Evaluator, index: RouterIndex, parent: RouterRef, call: TS.CallExpression, method: string): void {
  const push = <T>(map: Map<TS.Node, T[]>, key: TS.Node, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const args = call.arguments;
  if (method === "addHook") {
    // Fastify: `fastify.addHook("preHandler", requireAdmin)`.
    const hook = args[0] ? constantKey(ev.valueOf(args[0])) : undefined;
    if (hook !== undefined && ROUTE_HOOK_OPTIONS.has(hook) && args[1] && isAdminMiddleware(ev, args[1])) push(index.uses, parent.key, { at: call, path: undefined });
    return;
  }
  if (method === "register") {
    // Fastify: `app.register(adminRoutes, { prefix: "/admin" })`: the plugin's instance is mounted.
    const plugin = args[0] ? functionOf(ev, args[0]) : undefined;
    const instance = plugin?.parameters[0];
    if (!instance) return;
    const prefix = args[1] ? constantKey(ev.member(ev.valueOf(args[1]), "prefix", call)) : undefined;
    push(index.mounts, instance, { parent: parent.key, at: call, path: prefix, admin: false });
    return;
  }
  const path = args[0] ? pathOf(ev, args[0]) : undefined;
  const items = flatten(ev, path === undefined ? args : args.slice(1));
  if (method === "route") {
    // Hono: `app.route("/admin", adminApp)`.
    const child = items[0] ? mountedRouter(ev, items[0]) : undefined;
    if (child) push(index.mounts, child.key, { parent: parent.key, at: call, path, admin: false });
    return;
  }
  let admin = false;
  for (const item of items) {
    const child = mountedRouter(ev, item);
    if (child) {
      push(index.mounts, child.key, { parent: parent.key, at: call, path, admin });
      continue;
    }
    if (isAdminMiddleware(ev, item)) admin = true;
  }
  if (admin) push(index.uses, parent.key, { at: call, path });
}

/** A router given to `use`: itself, or its middleware (Koa: `router.routes()`). */
function mountedRouter(ev: Evaluator, item: TS.Expression): RouterRef | undefined {
  const ts = ev.ts;
  const node = unwrap(ts, item);
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    if (ts.isPropertyAccessExpression(callee) && ROUTER_MIDDLEWARE_METHODS.has(callee.name.text)) return routerOf(ev, callee.expression);
    return undefined;
  }
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined;
  return routerOf(ev, node);
}
