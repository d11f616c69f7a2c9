/**
 * DB-only use (`db-before-env`, `dbOnlySecret`): a secret read from a settings row handed to a
 * runtime consumer (a call or `new` the project does not define: a client, a hash, `fetch`) while
 * nothing around the consumer or the read looks at its environment variable.
 */
import type { SecretEntry } from "@secret-guardrails/core";
import type { SiteAnalysis, SiteContext } from "../analysis-api.js";
import { isProjectCall, isResultConstructorCall } from "../calls.js";
import { functionName } from "../frameworks/handlers.js";
import { identifierPath, isFunctionLike, memberName, unwrap } from "../syntax.js";
import type { TS } from "../ts.js";
import { constantKey, type SecretAtom, type Value } from "../values.js";
import {
  isEnvAccessorFunction,
  NON_CONSUMER_METHODS,
  NON_CONSUMER_ROOTS,
  PRISMA_RAW_SQL_METHODS,
  PRISMA_READ_METHODS,
  PRISMA_TRANSACTION_METHOD,
  PRISMA_WRITE_METHODS,
  RESPONSE_CONSTRUCTORS,
  CIPHER_FUNCTION_NAME,
  SANITIZER_NAME,
  VALUE_KEEPING_FUNCTIONS,
  VALUE_KEEPING_STRING_METHODS,
} from "../vocabulary.js";

const envReadsByAnalysis = new WeakMap<SiteAnalysis, WeakMap<TS.Node, ReadonlySet<string>>>();

export function checkConsumer(an: SiteAnalysis, call: TS.CallExpression | TS.NewExpression, cx: SiteContext): void {
  if (!isConsumer(an, call, cx)) return;
  // Inside the project's own `decrypt`/`encrypt`: the cipher takes the stored text, the caller uses the result.
  if (insideTransform(an, call, cx)) return;
  const ts = an.ts;
  for (const argument of call.arguments ?? []) {
    const expression = ts.isSpreadElement(argument) ? argument.expression : argument;
    const value = an.value(expression, cx);
    for (const atom of carriedSecrets(an, value, cx)) {
      if (atom.origin !== "db" || atom.strength === "weak") continue;
      if (readsEnvOf(an, call, atom.secret) || readsEnvOf(an, atom.node, atom.secret)) continue;
      an.report({
        category: "db-before-env",
        messageId: "dbOnlySecret",
        node: atom.node,
        data: { secret: atom.secret.field, envVar: atom.secret.envVars[0]! },
        secret: atom.secret.field,
        related: [{ node: usedAt(an, expression, atom, cx), message: "the value is used here" }],
      });
    }
  }
}

/** The narrowest part of an argument that carries the secret (an object property's value, an array item). */
function usedAt(an: SiteAnalysis, expression: TS.Expression, atom: SecretAtom, cx: SiteContext, depth = 0): TS.Expression {
  const ts = an.ts;
  const node = unwrap(ts, expression);
  if (depth > 4) return node;
  const holds = (candidate: TS.Expression) => carriedSecrets(an, an.value(candidate, cx), cx).some((found) => found.node === atom.node && found.secret === atom.secret);
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      const inner = ts.isPropertyAssignment(property) ? property.initializer : ts.isSpreadAssignment(property) ? property.expression : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (inner && holds(inner)) return usedAt(an, inner, atom, cx, depth + 1);
    }
  } else if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const inner = ts.isSpreadElement(element) ? element.expression : element;
      if (!ts.isOmittedExpression(inner) && holds(inner)) return usedAt(an, inner, atom, cx, depth + 1);
    }
  }
  return node;
}

/** Secrets an argument carries: itself, in an object or array literal, through a template. */
function carriedSecrets(an: SiteAnalysis, value: Value, cx: SiteContext, depth = 0): SecretAtom[] {
  const result: SecretAtom[] = [];
  if (depth > 5) return result;
  for (const atom of value) {
    if (atom.k === "secret") result.push(atom);
    else if (atom.k === "object") {
      for (const entry of atom.entries) {
        if (entry.kind === "delete") continue;
        result.push(...carriedSecrets(an, entry.value, cx, depth + 1));
        // A factory in an options object (NestJS `registerAsync({ useFactory: () => ({ secret }) })`): the library calls it and uses what it returns.
        for (const inner of entry.value) if (inner.k === "function" && depth < 2) result.push(...carriedSecrets(an, an.resolve(an.ev.returnsOf(inner.fn), cx), cx, depth + 1));
      }
    } else if (atom.k === "array") result.push(...carriedSecrets(an, atom.element, cx, depth + 1));
  }
  return result;
}

/** Is the call inside a function named as a transform of the value (`decrypt`, `encrypt`), or one such a function calls? */
function insideTransform(an: SiteAnalysis, call: TS.Node, cx: SiteContext): boolean {
  const owner = an.ev.ownerOf(call);
  const functions = [...cx.stack, ...(isFunctionLike(an.ts, owner) ? [owner] : [])];
  return functions.some((fn) => {
    const name = functionName(an.ev, fn);
    return name !== undefined && CIPHER_FUNCTION_NAME.test(name);
  });
}

/** Is this call a runtime consumer of what it is given (not the project's own code, not a builtin, not logging)? */
function isConsumer(an: SiteAnalysis, call: TS.CallExpression | TS.NewExpression, cx: SiteContext): boolean {
  const ts = an.ts;
  const callee = unwrap(ts, call.expression);
  const path = identifierPath(ts, callee);
  const root = path?.split(".")[0];
  if (root !== undefined && NON_CONSUMER_ROOTS.has(root)) return false;
  // `super({ clientSecret })` of a class whose base the engine cannot see (a library's strategy, client).
  if (callee.kind === ts.SyntaxKind.SuperKeyword) {
    for (let node: TS.Node | undefined = call.parent; node; node = node.parent) if (ts.isClassLike(node)) return an.ev.baseClass(node) === undefined;
    return false;
  }
  const name = ts.isIdentifier(callee) ? callee.text : memberName(ts, callee);
  if (name === undefined) return false;
  if (ts.isNewExpression(call)) {
    if (/Error$/.test(name) || RESPONSE_CONSTRUCTORS.has(name) || name === "Map" || name === "Set" || name === "URL" || name === "Date") return false;
  } else {
    if (NON_CONSUMER_METHODS.has(name) || VALUE_KEEPING_FUNCTIONS.has(name) || name === "Boolean" || name === "require") return false;
    if (PRISMA_WRITE_METHODS.has(name) || PRISMA_READ_METHODS.has(name) || PRISMA_RAW_SQL_METHODS.has(name) || name === PRISMA_TRANSACTION_METHOD) return false;
    if (isEnvAccessorFunction(name, an.ev.registry) || name === "then" || name === "catch" || name === "finally") return false;
    if (VALUE_KEEPING_STRING_METHODS.has(name) || name === "json" || name === "send" || name === "status") return false;
  }
  if (SANITIZER_NAME.test(name)) return false;
  if (ts.isCallExpression(call) && isResultConstructorCall(an.ev, call)) return false;
  // `decrypt(row.value)`, `encrypt(key)`: a transform of the value, not a use of it (what uses the result is).
  if (CIPHER_FUNCTION_NAME.test(name)) return false;
  if (isProjectCall(an.ev, call)) return false;
  // A method of the value itself (`key.trim()`), of a collection or a schema, is no consumer.
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const receiver = an.value(callee.expression, cx);
    if (receiver.some((atom) => atom.k === "secret" || atom.k === "const" || atom.k === "array" || atom.k === "schema" || atom.k === "delegate" || atom.k === "object" || atom.k === "row" || atom.k === "envObject")) {
      return false;
    }
  }
  return true;
}

/** Does the function around `node` (or its module's top level) read one of the secret's env vars? */
function readsEnvOf(an: SiteAnalysis, node: TS.Node, secret: SecretEntry): boolean {
  const owner = an.ev.ownerOf(node);
  for (const scope of [owner, node.getSourceFile()]) {
    const names = envNamesRead(an, scope);
    if (names.has("*") || secret.envVars.some((envVar) => names.has(envVar))) return true;
  }
  return false;
}

/** Env var names read under `scope` (a function, or a file's top level); `*` for a name computed at run time. */
function envNamesRead(an: SiteAnalysis, scope: TS.Node): ReadonlySet<string> {
  let envReads = envReadsByAnalysis.get(an);
  if (!envReads) {
    envReads = new WeakMap();
    envReadsByAnalysis.set(an, envReads);
  }
  const cached = envReads.get(scope);
  if (cached) return cached;
  const ts = an.ts;
  const names = new Set<string>();
  const topLevel = ts.isSourceFile(scope);
  const collect = (value: Value) => {
    for (const atom of value) {
      if (atom.k === "secret" && atom.origin === "env") names.add(atom.envVar ?? atom.secret.envVars[0]!);
      else if (atom.k === "env") names.add(atom.name ?? "*");
    }
  };
  const visit = (node: TS.Node): void => {
    if (topLevel && isFunctionLike(ts, node)) return;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const object = an.ev.concretize(an.ev.valueOf(node.expression));
      if (object.some((atom) => atom.k === "envObject")) collect(an.ev.concretize(an.ev.valueOf(node)));
    } else if (ts.isCallExpression(node)) {
      const name = identifierPath(ts, unwrap(ts, node.expression));
      if (name !== undefined && (isEnvAccessorFunction(name, an.ev.registry) || /\.(get|getOrThrow)$/.test(name))) {
        // An accessor (the project's own wrapper too) called with a constant reads the variable it names.
        const named = node.arguments[0] ? constantKey(an.ev.valueOf(node.arguments[0])) : undefined;
        const value = an.ev.concretize(an.ev.valueOf(node));
        collect(named === undefined ? value : value.map((atom) => (atom.k === "env" && atom.name === undefined ? { ...atom, name: named } : atom)));
      }
    } else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
      if (an.ev.concretize(an.ev.valueOf(node.initializer)).some((atom) => atom.k === "envObject")) {
        for (const element of node.name.elements) {
          const key = element.propertyName ? an.ev.propertyKey(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
          names.add(key ?? "*");
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  if (isFunctionLike(ts, scope)) {
    if (scope.body) visit(scope.body);
    for (const parameter of scope.parameters) visit(parameter);
  } else {
    ts.forEachChild(scope, visit);
  }
  envReads.set(scope, names);
  return names;
}
