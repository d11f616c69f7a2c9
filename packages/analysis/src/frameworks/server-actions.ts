/**
 * Next.js server actions under an admin route (`app/admin/**\/actions.ts`, `app/(admin)/...`, a
 * directory or file name matching `admin.pathSegmentPattern`): the exported functions of a
 * `"use server"` file, and every function whose body starts with the directive, are admin
 * endpoints. Their parameters are admin input (a `FormData`, or an object shaped by its declared
 * type); what they return is the response.
 */
import { hasAdminPath } from "@secret-guardrails/core";
import type { Evaluator } from "../evaluator-api.js";
import { hasModifier, isFunctionLike, walk, type FunctionLike } from "../syntax.js";
import type { TS } from "../ts.js";
import type { EndpointRef } from "../values.js";
import { SERVER_ACTION_DIRECTIVE } from "../vocabulary.js";
import { functionName, functionOf } from "./handlers.js";

export function findServerActions(ev: Evaluator, file: TS.SourceFile, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  if (!file.text.includes(SERVER_ACTION_DIRECTIVE)) return;
  const path = ev.host.relativePath(file);
  if (!isAdminActionPath(ev, path)) return;
  const action = (handler: FunctionLike, name?: string) =>
    add({
      handler,
      name: name ?? functionName(ev, handler) ?? "action",
      kind: "server-action",
      admin: true,
      returnsResponse: true,
      parameters: handler.parameters.map(() => ({ source: "input" })),
    });
  if (hasDirective(ev, file.statements)) {
    for (const statement of file.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.body && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) action(statement);
      else if (ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          const handler = declaration.initializer ? functionOf(ev, declaration.initializer) : undefined;
          if (handler && ts.isIdentifier(declaration.name)) action(handler, declaration.name.text);
        }
      } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        const handler = functionOf(ev, statement.expression);
        if (handler) action(handler, "default");
      }
    }
  }
  walk(ts, file, (node) => {
    if (isFunctionLike(ts, node) && node.body && ts.isBlock(node.body) && hasDirective(ev, node.body.statements)) action(node);
    return true;
  });
}

/** Does a statement list start with `"use server"` (among its directive prologue)? */
function hasDirective(ev: Evaluator, statements: readonly TS.Statement[]): boolean {
  const ts = ev.ts;
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === SERVER_ACTION_DIRECTIVE) return true;
  }
  return false;
}

/** A directory (route groups unwrapped) or the file's own name matching the admin segment pattern. */
function isAdminActionPath(ev: Evaluator, path: string): boolean {
  if (hasAdminPath(path, ev.registry)) return true;
  const stem = path.split("/").at(-1)!.replace(/\.[^.]+$/, "");
  return ev.registry.admin.pathSegmentPattern.test(stem);
}
