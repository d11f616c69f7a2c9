/**
 * DB-before-env decisions (`db-before-env`): where code chooses between values (`??`, `||`, `?:`,
 * returns in sequence, a `let` assigned again, a destructuring default, an object whose spread
 * overrides a property), a settings value of a secret that wins over its environment value.
 */
import { looksLikeSecretName, type SecretEntry } from "@secret-guardrails/core";
import type { EngineSuggestion, SiteAnalysis, SiteContext } from "../analysis-api.js";
import { isAssignmentOperator, unwrap, type FunctionLike } from "../syntax.js";
import type { TS } from "../ts.js";
import type { Atom, ObjectAtom, SecretAtom, Value } from "../values.js";
import { envVarOf } from "./format.js";

export function checkChoice(an: SiteAnalysis, node: TS.BinaryExpression | TS.ConditionalExpression, cx: SiteContext): void {
  const value = an.value(node, cx);
  const reported = checkOrder(an, value, "dbBeforeEnv");
  const ts = an.ts;
  if (reported.length === 1 && ts.isBinaryExpression(node)) {
    const suggestion = swapSuggestion(an, node, reported[0]!, cx);
    if (suggestion) an.report({ ...findingFor(reported[0]!, "dbBeforeEnv"), suggestions: [suggestion] });
  }
}

export function checkReturnsChoice(an: SiteAnalysis, fn: FunctionLike, cx: SiteContext): void {
  if (an.ev.returnStatements(fn).length < 2) return;
  checkOrder(an, an.resolve(an.ev.returnsOf(fn), cx), "dbBeforeEnv");
}

export function checkLetChoice(an: SiteAnalysis, declaration: TS.VariableDeclaration, cx: SiteContext): void {
  const ts = an.ts;
  if (!ts.isIdentifier(declaration.name)) return;
  const binding = an.ev.scopes.resolve(declaration.name) ?? an.ev.scopes.lookupName(declaration, declaration.name.text);
  if (!binding || binding.nameNode !== declaration.name) return;
  const reassigned = an.ev.scopes.referencesOf(binding).some((reference) => {
    const parent = reference.parent;
    return ts.isBinaryExpression(parent) && parent.left === reference && isAssignmentOperator(ts, parent.operatorToken.kind);
  });
  if (!reassigned) return;
  checkOrder(an, an.resolve(an.ev.bindingValue(binding), cx), "dbBeforeEnv");
}

/** `const { x = <env> } = row`: the env value only fills in for a missing database value. */
export function checkDestructuringDefault(an: SiteAnalysis, element: TS.BindingElement, cx: SiteContext): void {
  const ts = an.ts;
  if (!element.initializer || !ts.isIdentifier(element.name)) return;
  const binding = an.ev.scopes.lookupName(element, element.name.text);
  if (!binding || binding.nameNode !== element.name) return;
  const value = an.resolve(an.ev.bindingValue(binding), cx);
  const db = value.filter((atom) => atom.k === "secret" && atom.origin === "db");
  if (db.length === 0) return;
  const fallback = an.value(element.initializer, cx);
  for (const atom of db as SecretAtom[]) {
    if (fallback.some((candidate) => countsAsEnvFor(an, candidate, atom.secret))) {
      an.report({
        category: "db-before-env",
        messageId: "envOnlyDestructuringDefault",
        node: element,
        data: { secret: atom.secret.field, envVar: atom.secret.envVars[0]! },
        secret: atom.secret.field,
      });
      return;
    }
  }
}

/**
 * `{ smtpPassword: <env>, ...row }`, `{ ...envDefaults, ...dbOverrides }`, `Object.assign({}, { pass: <env> },
 * dbOverrides)`: a later spread (or `Object.assign` source) replaces a key that held the env value with the
 * database's, whatever the key is called.
 */
export function checkObjectChoice(an: SiteAnalysis, node: TS.ObjectLiteralExpression, cx: SiteContext): void {
  const ts = an.ts;
  if (!node.properties.some((property) => ts.isSpreadAssignment(property))) return;
  for (const atom of an.value(node, cx)) if (atom.k === "object" && atom.node === node) checkLaterWins(an, atom);
}

/** `Object.assign(target, ...sources)`: later sources win, as later spreads do. */
export function checkAssignChoice(an: SiteAnalysis, call: TS.CallExpression, cx: SiteContext): void {
  const ts = an.ts;
  const callee = call.expression;
  if (call.arguments.length < 2 || !ts.isPropertyAccessExpression(callee) || callee.name.text !== "assign" || !ts.isIdentifier(callee.expression) || callee.expression.text !== "Object") return;
  for (const atom of an.value(call, cx)) if (atom.k === "object" && atom.node === call) checkLaterWins(an, atom);
}

function checkLaterWins(an: SiteAnalysis, object: ObjectAtom): void {
  // Keys whose value so far is a secret's env value (and which secrets).
  const envKeys = new Map<string, SecretEntry[]>();
  const envSecrets = (value: Value) => an.ev.registry.secrets.filter((secret) => value.some((atom) => countsAsEnvFor(an, atom, secret)));
  for (const entry of object.entries) {
    if (entry.kind === "prop") {
      const secrets = envSecrets(entry.value);
      if (secrets.length > 0) envKeys.set(entry.key, secrets);
      else envKeys.delete(entry.key);
      continue;
    }
    if (entry.kind !== "spread") continue;
    for (const [key, secrets] of [...envKeys]) {
      const carried = an.ev.member(entry.value, key, entry.node);
      for (const secret of secrets) {
        // A settings read (or a settings-named value) overriding it; not any object that merely has the key.
        if (!carried.some((atom) => atom.k === "secret" && atom.origin === "db" && atom.secret === secret && atom.strength !== "weak")) continue;
        an.report({ category: "db-before-env", messageId: "dbBeforeEnv", node: entry.node, data: { secret: secret.field, envVar: envVarOf(secret).split(" or ")[0]! }, secret: secret.field });
        envKeys.delete(key);
        break;
      }
    }
    // What the spread itself sets to an env value (`...{ pass: process.env.X }`).
    for (const inner of entry.value) {
      if (inner.k !== "object") continue;
      for (const property of inner.entries) {
        if (property.kind !== "prop") continue;
        const secrets = envSecrets(property.value);
        if (secrets.length > 0) envKeys.set(property.key, secrets);
      }
    }
  }
}

/**
 * Reports each database read of a secret that comes before the first environment value that counts
 * for it. Returns the reads reported.
 */
export function checkOrder(an: SiteAnalysis, value: Value, messageId: "dbBeforeEnv", depth = 0): SecretAtom[] {
  const reported: SecretAtom[] = [];
  for (let index = 0; index < value.length; index++) {
    const atom = value[index]!;
    if (atom.k !== "secret" || atom.origin !== "db" || atom.neutral) continue;
    const secret = atom.secret;
    if (value.slice(0, index).some((earlier) => countsAsEnvFor(an, earlier, secret))) continue;
    if (!value.slice(index + 1).some((later) => countsAsEnvFor(an, later, secret) && !isNeutral(later))) continue;
    an.report(findingFor(atom, messageId));
    reported.push(atom);
  }
  // Objects chosen between (`row.x ? { apiKey: row.x } : { apiKey: env }`): the same order per key.
  const objects = value.filter((atom) => atom.k === "object");
  if (objects.length > 1 && depth < 3) {
    const keys = new Set<string>();
    for (const object of objects) for (const entry of object.k === "object" ? object.entries : []) if (entry.kind === "prop") keys.add(entry.key);
    for (const key of keys) {
      const perKey = objects.flatMap((object) => [...an.ev.member([object], key, object.k === "object" ? object.node : value[0]!.k === "object" ? value[0]!.node : undefined!)]);
      reported.push(...checkOrder(an, perKey, messageId, depth + 1));
    }
  }
  return reported;
}

function findingFor(atom: SecretAtom, messageId: "dbBeforeEnv") {
  return {
    category: "db-before-env" as const,
    messageId,
    node: atom.node,
    data: { secret: atom.secret.field, envVar: atom.secret.envVars[0]! },
    secret: atom.secret.field,
  };
}

function isNeutral(atom: Atom): boolean {
  return atom.k === "secret" && !!atom.neutral;
}

/**
 * An environment value that decides against a database value of `secret`: its own env var, another
 * registered secret's, a secret-looking name, or a name computed at run time.
 */
function countsAsEnvFor(an: SiteAnalysis, atom: Atom, secret: SecretEntry): boolean {
  if (atom.k === "secret") return atom.origin === "env";
  if (atom.k === "env") return atom.name === undefined || looksLikeSecretName(atom.name) || secret.envVars.includes(atom.name);
  void an;
  return false;
}

/**
 * `row.x ?? process.env.X` -> `process.env.X ?? row.x`, offered as a suggestion (which value wins at
 * run time changes, so it is never an autofix): both operands side-effect free, the database read
 * the left operand itself and the env read the right one.
 */
function swapSuggestion(an: SiteAnalysis, node: TS.BinaryExpression, db: SecretAtom, cx: SiteContext): EngineSuggestion | undefined {
  const ts = an.ts;
  const op = node.operatorToken.kind;
  if (op !== ts.SyntaxKind.QuestionQuestionToken && op !== ts.SyntaxKind.BarBarToken) return undefined;
  if (unwrap(ts, node.left) !== db.node) return undefined;
  const right = an.value(node.right, cx);
  if (!right.some((atom) => atom.k === "secret" && atom.origin === "env" && atom.secret === db.secret)) return undefined;
  if (!isSideEffectFree(an, node.left) || !isSideEffectFree(an, node.right)) return undefined;
  const file = node.getSourceFile();
  const text = file.text;
  const operand = (expression: TS.Expression) => {
    const source = text.slice(expression.getStart(file), expression.end);
    return ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) ? `(${source})` : source;
  };
  return {
    messageId: "suggestEnvFirst",
    data: { envVar: db.secret.envVars[0]! },
    edits: [
      { start: node.left.getStart(file), end: node.left.end, text: operand(node.right) },
      { start: node.right.getStart(file), end: node.right.end, text: operand(node.left) },
    ],
  };
}

function isSideEffectFree(an: SiteAnalysis, expression: TS.Expression): boolean {
  const ts = an.ts;
  const node = unwrap(ts, expression);
  if (ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(node)) return isSideEffectFree(an, node.expression);
  if (ts.isElementAccessExpression(node)) return isSideEffectFree(an, node.expression) && isSideEffectFree(an, node.argumentExpression);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isSideEffectFree(an, span.expression));
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    return (
      (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) &&
      isSideEffectFree(an, node.left) &&
      isSideEffectFree(an, node.right)
    );
  }
  return false;
}
