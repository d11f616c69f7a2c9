/**
 * GraphQL resolver maps (Apollo Server, GraphQL Yoga, Mercurius, graphql-tools):
 * `{ Query: { settings: (parent, args, ctx) => ... }, Mutation: { ... } }`. Each field's function is
 * an endpoint: its second parameter is the operation's arguments (request input), what it returns
 * is the response. It is admin when the field's name matches `admin.guardPattern`
 * (`adminSettings`), when a guard wraps it (`requireAdmin(fn)`, `isAdmin(fn)`), or when its body
 * checks admin (see inline-checks.ts).
 */
import type { Evaluator } from "../evaluator-api.js";
import { staticName, unwrap, walk, type FunctionLike } from "../syntax.js";
import type { TS } from "../ts.js";
import type { EndpointRef } from "../values.js";

const OPERATION_TYPES: ReadonlySet<string> = new Set(["Query", "Mutation", "Subscription"]);

export function findResolverMapEndpoints(ev: Evaluator, file: TS.SourceFile, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  const pattern = ev.registry.admin.guardPattern;
  walk(ts, file, (node) => {
    if (!ts.isPropertyAssignment(node) || !ts.isObjectLiteralExpression(unwrap(ts, node.initializer))) return true;
    const type = staticName(ts, node.name);
    if (type === undefined || !OPERATION_TYPES.has(type)) return true;
    for (const field of (unwrap(ts, node.initializer) as TS.ObjectLiteralExpression).properties) {
      const name = field.name ? staticName(ts, field.name) : undefined;
      if (name === undefined) continue;
      let guarded = false;
      let handler: FunctionLike | undefined;
      if (ts.isMethodDeclaration(field)) handler = field;
      else if (ts.isPropertyAssignment(field)) {
        let value = unwrap(ts, field.initializer);
        // `requireAdmin(async (parent, args) => ...)`: a wrapper; admin when its name says so.
        while (ts.isCallExpression(value) && value.arguments.length > 0) {
          const callee = unwrap(ts, value.expression);
          const wrapper = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
          if (wrapper !== undefined && pattern.test(wrapper)) guarded = true;
          value = unwrap(ts, value.arguments.at(-1)!);
        }
        if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) handler = value;
      }
      if (!handler) continue;
      add({
        handler,
        name,
        kind: "graphql",
        admin: guarded || pattern.test(name),
        parameters: handler.parameters.map((_, index) => ({ source: index === 1 ? "input" : "other" })),
      });
    }
    return false;
  });
}
