/**
 * What makes a framework endpoint admin: a guard, a role or permission decorator, a middleware
 * (their names, or the names and strings they are given, matched against `admin.guardPattern`), or
 * a path with an admin segment (`admin.pathSegmentPattern`). Only names and literals the code
 * spells out count: a guard the engine cannot name says nothing.
 */
import type { Evaluator } from "../evaluator-api.js";
import { identifierPath, unwrap } from "../syntax.js";
import type { TS } from "../ts.js";
import { AUTHORIZATION_DECORATOR, DOCUMENTATION_DECORATOR, GUARD_DECORATOR } from "../vocabulary.js";

/** The decorators of a class, method or parameter, in source order. */
export function decoratorsOf(ev: Evaluator, node: TS.Node): readonly TS.Decorator[] {
  const ts = ev.ts;
  if (!ts.canHaveDecorators(node)) return [];
  return ts.getDecorators(node) ?? [];
}

/** `@UseGuards(...)` -> `UseGuards`; `@nest.Get()` -> `Get`; `@Injectable` -> `Injectable`. */
export function decoratorName(ev: Evaluator, decorator: TS.Decorator): string | undefined {
  const ts = ev.ts;
  let expression = unwrap(ts, decorator.expression);
  if (ts.isCallExpression(expression)) expression = unwrap(ts, expression.expression);
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The arguments of a decorator call (none for `@Injectable`). */
export function decoratorArguments(ev: Evaluator, decorator: TS.Decorator): readonly TS.Expression[] {
  const ts = ev.ts;
  const expression = unwrap(ts, decorator.expression);
  return ts.isCallExpression(expression) ? expression.arguments : [];
}

/** The decorator of `node` named `name`, if it has one. */
export function findDecorator(ev: Evaluator, node: TS.Node, names: ReadonlySet<string> | string): TS.Decorator | undefined {
  return decoratorsOf(ev, node).find((decorator) => {
    const name = decoratorName(ev, decorator);
    return name !== undefined && (typeof names === "string" ? name === names : names.has(name));
  });
}

/**
 * Does a decorator restrict its handler (or class) to admins? Its name (`@AdminOnly()`); a guard
 * it applies (`@UseGuards(JwtAuthGuard, GqlAdminGuard)`: guards all run, one admin guard is
 * enough); roles or permissions it requires (`@Roles(Role.ADMIN)`, `@HasPermission(
 * permissions.accessAdminControl)`: alternatives, so every one given must be admin).
 */
export function isAdminDecorator(ev: Evaluator, decorator: TS.Decorator): boolean {
  const name = decoratorName(ev, decorator);
  if (name === undefined || DOCUMENTATION_DECORATOR.test(name)) return false;
  const pattern = ev.registry.admin.guardPattern;
  if (pattern.test(name)) return true;
  if (!AUTHORIZATION_DECORATOR.test(name)) return false;
  let args = decoratorArguments(ev, decorator);
  // `@SetMetadata("roles", ["admin"])`: the first argument is the metadata key.
  if (name === "SetMetadata") args = args.slice(1);
  const names = args.flatMap((argument) => namesIn(ev, argument, 0));
  if (names.length === 0) return false;
  return GUARD_DECORATOR.test(name) ? names.some((text) => pattern.test(text)) : names.every((text) => pattern.test(text));
}

/**
 * Is a middleware (a route's handler before the last, a `use` argument) an admin check?
 * `requireAdmin`, `auth.requireSuperAdmin`, `requireRole("admin")`, `authorize(Role.Admin)`, an
 * array of them; a name bound to such a call (`const staffOnly = requireRole("admin")`).
 */
export function isAdminMiddleware(ev: Evaluator, expression: TS.Expression, depth = 0): boolean {
  const ts = ev.ts;
  if (depth > 3) return false;
  const pattern = ev.registry.admin.guardPattern;
  const node = unwrap(ts, expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.some((element) => !ts.isSpreadElement(element) && isAdminMiddleware(ev, element, depth + 1));
  const path = identifierPath(ts, node);
  if (path !== undefined) {
    if (pattern.test(path.split(".").at(-1)!)) return true;
    // A name bound to a middleware factory's call: what the call is given decides.
    if (ts.isIdentifier(node)) {
      const declaration = ev.scopes.resolve(node)?.declaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isCallExpression(unwrap(ts, declaration.initializer))) {
        return isAdminMiddleware(ev, declaration.initializer, depth + 1);
      }
    }
    return false;
  }
  if (ts.isCallExpression(node)) {
    const callee = identifierPath(ts, node.expression);
    if (callee !== undefined && pattern.test(callee.split(".").at(-1)!)) return true;
    // `fastify.auth([fastify.verifyAdmin])`: any check of the list.
    if (callee?.split(".").at(-1) === "auth" && node.arguments.some((argument) => isAdminMiddleware(ev, argument, depth + 1))) return true;
    const names = node.arguments.flatMap((argument) => namesIn(ev, argument, 0));
    return names.length > 0 && names.every((text) => pattern.test(text));
  }
  return false;
}

/** Is a URL path (`/admin/settings`, `api/admin`) under a segment matching `admin.pathSegmentPattern`? */
export function isAdminPath(ev: Evaluator, path: string | undefined): boolean {
  if (path === undefined) return false;
  return path.split("/").some((segment) => segment !== "" && ev.registry.admin.pathSegmentPattern.test(segment.replace(/^\((.*)\)$/, "$1")));
}

/** The names and strings an argument spells out: `Role.ADMIN`, `"admin"`, `[A, B]`, `AuthGuard("jwt")`. */
function namesIn(ev: Evaluator, node: TS.Expression, depth: number): string[] {
  const ts = ev.ts;
  if (depth > 3) return [];
  const target = unwrap(ts, node);
  if (ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target)) return [target.text];
  if (ts.isArrayLiteralExpression(target)) return target.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : namesIn(ev, element, depth + 1)));
  if (ts.isCallExpression(target) || ts.isNewExpression(target)) {
    const callee = identifierPath(ts, target.expression);
    return callee === undefined ? [] : [callee.split(".").at(-1)!];
  }
  const path = identifierPath(ts, target);
  return path === undefined ? [] : [path];
}
