import { Node, SyntaxKind } from "../ts-morph.js";
import type { SourceFile } from "ts-morph";
import {
  PRESENCE_FUNCTIONS,
  PRISMA_READ_METHODS,
  PRISMA_WRITE_METHODS,
  isJsonResponseCall,
  isRequestInputName,
  type SecretEntry,
} from "@secret-guardrails/core";
import { defineCheck, type CheckContext, type Reporter } from "../check.js";
import { functionName, valueDeclarationsOf } from "../analysis/functions.js";
import { isWriteTarget } from "../analysis/settings-rows.js";
import { flattenFallbackChain, valueOrigins, type Origin, type ValueOrigins } from "../analysis/value-origin.js";
import {
  declarationsOf,
  enclosingFunction,
  isEnvObject,
  isFunctionLike,
  propertyNameText,
  rootIdentifier,
  unwrapAwait,
  unwrapExpression,
} from "../analysis/syntax.js";

export type MessageId = "dbFirst" | "dbOnly";

/**
 * ADR 0001, rule 1: runtime consumers resolve secrets from the environment first. Reports the
 * database read that wins over the environment variable (`row.x ?? process.env.X`, a ternary or
 * `if` testing the row first, an override of an env-initialised variable, a destructuring default),
 * and a row's secret that reaches a consumer (a call or `new` argument) with no environment read
 * at all -- inside the helper that reads the row when a helper does it.
 */
export default defineCheck<MessageId>({
  id: "db-before-env",
  meta: {
    description: "Disallow to resolve a secret from the database before its environment variable",
    category: "db-before-env",
    defaultSeverity: "error",
    messages: {
      dbFirst:
        "`{{secret}}` is taken from the settings row before {{envVar}}: read {{envVar}} first and use the database value only as a migration fallback",
      dbOnly:
        "`{{secret}}` is used from the settings row and {{envVar}} is never read: resolve it from {{envVar}} first (the database value is only a migration fallback)",
    },
  },
  run(context, report) {
    new DbBeforeEnv(context, report).run();
  },
});

/** Calls whose arguments are not a consumer using the secret (presence, logging, persistence, responses). */
const IGNORED_CALLEES: ReadonlySet<string> = new Set([
  ...PRESENCE_FUNCTIONS,
  "String",
  "expect",
  "assert",
  // A migration script copying the legacy value to a file or secret store is not a runtime consumer.
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
]);
const IGNORED_OBJECTS: ReadonlySet<string> = new Set(["console", "logger", "log", "assert", "expect", "JSON", "fs", "process"]);
/** Methods that compare or collect a value rather than use it as a credential. */
const IGNORED_METHODS: ReadonlySet<string> = new Set(["includes", "indexOf", "lastIndexOf", "startsWith", "endsWith", "has", "test", "push", "add"]);
/** Predicates and maskers: `isConfigured(x)`, `hasKey(x)`, `maskSecret(x)`, `redact(x)`. */
const PREDICATE_NAME = /^(?:is|has|mask|redact)(?:[A-Z_]|$)/;
const FUNCTION_KINDS = [
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
] as const;
const ASSIGNMENTS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
]);

class DbBeforeEnv {
  private readonly origins: ValueOrigins;
  private readonly reported = new Set<Node>();
  private readonly consumers: Node[] = [];

  constructor(
    private readonly context: CheckContext,
    private readonly report: Reporter<MessageId>,
  ) {
    this.origins = valueOrigins(context.registry);
  }

  run(): void {
    // A DB value can only show up where a secret's name, or the name of a helper/getter returning one, is written.
    const helperNames = this.dbHelperNames();
    const secretNames = this.context.registry.secrets.map((secret) => secret.field);
    const files = this.filesNaming([...secretNames, ...helperNames]);
    for (const file of files) this.scanExplicit(file);
    for (const file of files) this.collectConsumers(file);
    for (const consumer of this.consumers) this.checkConsumer(consumer);
  }

  private emit(read: Node, secret: SecretEntry, messageId: MessageId, consumer?: Node): void {
    if (this.reported.has(read)) return;
    this.reported.add(read);
    const envVar = secret.envVars.map((name) => `\`${name}\``).join(" or ");
    const related = [];
    if (consumer && enclosingFunction(consumer) !== enclosingFunction(read)) {
      const file = consumer.getSourceFile();
      const { line, column } = file.getLineAndColumnAtPos(consumer.getStart());
      related.push({ file: this.context.relativePath(file), line, column, message: "the value is used here" });
    }
    this.report.atNode(read, { messageId, data: { secret: secret.field, envVar }, secret: secret.field, related });
  }

  // ---- explicit database-first shapes -------------------------------------------------------

  private scanExplicit(file: SourceFile): void {
    for (const node of file.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
      const kind = node.getOperatorToken().getKind();
      if ((kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken) && isChainTop(node)) {
        this.checkFallbackChain(node);
      } else if (kind === SyntaxKind.QuestionQuestionEqualsToken || kind === SyntaxKind.BarBarEqualsToken) {
        this.checkFallbackAssignment(node.getLeft(), node.getRight());
      }
    }
    for (const node of file.getDescendantsOfKind(SyntaxKind.ConditionalExpression)) this.checkTernary(node);
    for (const node of file.getDescendantsOfKind(SyntaxKind.SpreadAssignment)) this.checkSpreadOverride(node);
    for (const node of file.getDescendantsOfKind(SyntaxKind.IfStatement)) this.checkIf(node);
    for (const node of file.getDescendantsOfKind(SyntaxKind.BindingElement)) this.checkDestructuringDefault(node);
  }

  /**
   * Where a value that competes with the environment comes from: its origin, or, for a call that
   * transforms a DB read (`decrypt(row.x)`, `await unseal(row.x, key)`), the DB read inside.
   */
  private competingOrigin(value: Node): Origin | undefined {
    const origin = this.origins.originOf(value);
    if (origin) return origin;
    const target = unwrapAwait(value);
    if (!Node.isCallExpression(target) || isIgnoredCall(target)) return undefined;
    for (const argument of target.getArguments()) {
      const inner = this.origins.originOf(argument);
      if (inner?.kind === "db") return inner;
    }
    return undefined;
  }

  /** `row.x ?? process.env.X`, `row.x || env.X`, `row?.x ?? fromEnv ?? ""`. */
  private checkFallbackChain(chain: Node): void {
    if (inPresenceContext(chain)) return;
    const operands = flattenFallbackChain(chain);
    for (const [index, operand] of operands.entries()) {
      const origin = this.competingOrigin(operand);
      if (origin?.kind === "env") return;
      if (origin?.kind === "db") {
        const envLater = operands.slice(index + 1).some((later) => this.origins.originOf(later)?.kind === "env");
        if (envLater) this.emit(origin.read, origin.secret, "dbFirst");
        return;
      }
    }
  }

  /** `row.x ? row.x : process.env.X` (and `!row.x ? process.env.X : row.x`). */
  private checkTernary(ternary: Node): void {
    if (!Node.isConditionalExpression(ternary) || inPresenceContext(ternary)) return;
    const condition = ternary.getCondition();
    if (this.origins.mentionsEnv(condition)) return;
    const whenTrue = this.competingOrigin(ternary.getWhenTrue());
    const whenFalse = this.competingOrigin(ternary.getWhenFalse());
    const tested = this.testedSecrets(condition);
    for (const [db, other] of [
      [whenTrue, whenFalse],
      [whenFalse, whenTrue],
    ] as const) {
      if (db?.kind === "db" && other?.kind === "env" && tested.has(db.secret.field)) {
        this.emit(db.read, db.secret, "dbFirst");
      }
    }
  }

  /**
   * `if (row.x) return row.x; return process.env.X`, `let v = process.env.X; if (row?.x) v = row.x;`,
   * `if (!row.x) return process.env.X; return row.x;`, `let v = row.x; if (!v) v = process.env.X;`.
   */
  private checkIf(statement: Node): void {
    if (!Node.isIfStatement(statement)) return;
    const condition = statement.getExpression();
    const thenStatements = statementsOf(statement.getThenStatement());

    // `let v = row.x; if (!v) v = process.env.X;`: the environment is only the fallback.
    for (const inner of thenStatements) {
      const assignment = assignmentOf(inner);
      if (!assignment || !mentionsIdentifier(condition, assignment.target)) continue;
      if (this.origins.originOf(assignment.value)?.kind === "env") {
        this.checkFallbackAssignment(assignment.target, assignment.value);
      }
    }

    if (this.origins.mentionsEnv(condition)) return;
    const tested = this.testedSecrets(condition);
    if (tested.size === 0) return;
    const winning = (value: Node | undefined): Extract<Origin, { kind: "db" }> | undefined => {
      const origin = value ? this.competingOrigin(value) : undefined;
      return origin?.kind === "db" && tested.has(origin.secret.field) ? origin : undefined;
    };
    const later = statement.getNextSiblings();
    const elseStatement = statement.getElseStatement();

    for (const inner of thenStatements) {
      if (Node.isReturnStatement(inner)) {
        const returned = inner.getExpression();
        const db = winning(returned);
        if (db) {
          const envGuardBefore = statement.getPreviousSiblings().some((previous) => this.isEnvGuard(previous));
          const envAfter = [...later, ...statementsOf(elseStatement)].some((next) => this.returnsEnv(next));
          if (!envGuardBefore && envAfter) this.emit(db.read, db.secret, "dbFirst");
        } else if (returned && this.origins.originOf(returned)?.kind === "env") {
          // `if (!row.x) return process.env.X; return row.x;`
          for (const next of later) {
            if (!Node.isReturnStatement(next)) continue;
            const fallback = winning(next.getExpression());
            if (fallback) this.emit(fallback.read, fallback.secret, "dbFirst");
            break;
          }
        }
        continue;
      }
      const assignment = assignmentOf(inner);
      if (!assignment || mentionsIdentifier(condition, assignment.target)) continue;
      const db = winning(assignment.value);
      if (!db) continue;
      const elseAssignsEnv =
        elseStatement !== undefined &&
        statementsOf(elseStatement).some((other) => {
          const alternative = assignmentOf(other);
          return (
            alternative !== undefined &&
            alternative.target.getText() === assignment.target.getText() &&
            this.origins.originOf(alternative.value)?.kind === "env"
          );
        });
      if (elseAssignsEnv || this.envBefore(assignment.target, statement)) this.emit(db.read, db.secret, "dbFirst");
    }
  }

  /** Was the variable assigned from the environment before this statement (its initializer included)? */
  private envBefore(target: Node, statement: Node): boolean {
    for (const declaration of declarationsOf(target)) {
      if (!Node.isVariableDeclaration(declaration)) continue;
      const initializer = declaration.getInitializer();
      if (initializer && this.origins.originOf(initializer)?.kind === "env") return true;
    }
    return statement.getPreviousSiblings().some((previous) => {
      const assignment = assignmentOf(previous);
      return (
        assignment !== undefined &&
        assignment.target.getText() === target.getText() &&
        this.origins.originOf(assignment.value)?.kind === "env"
      );
    });
  }

  /** Does a statement return a value read from the environment (`return process.env.X ?? fallback`)? */
  private returnsEnv(statement: Node): boolean {
    const returns = Node.isReturnStatement(statement) ? [statement] : [];
    statement.forEachDescendant((child, traversal) => {
      if (isFunctionLike(child)) traversal.skip();
      else if (Node.isReturnStatement(child)) returns.push(child);
    });
    return returns.some((returned) => {
      const expression = returned.getExpression();
      return expression !== undefined && this.origins.mentionsEnv(expression);
    });
  }

  /** `if (process.env.X) return process.env.X;` (or through a variable/helper) before the database read. */
  private isEnvGuard(statement: Node): boolean {
    return (
      Node.isIfStatement(statement) &&
      this.origins.mentionsEnv(statement.getExpression()) &&
      statementsOf(statement.getThenStatement()).some((inner) => Node.isReturnStatement(inner))
    );
  }

  /** `let v = row.x; v ??= process.env.X;` / `if (!v) v = process.env.X;`: report the initial database read. */
  private checkFallbackAssignment(target: Node, value: Node): void {
    const variable = unwrapExpression(target);
    if (!Node.isIdentifier(variable) || this.origins.originOf(value)?.kind !== "env") return;
    for (const declaration of declarationsOf(variable)) {
      if (!Node.isVariableDeclaration(declaration)) continue;
      const initializer = declaration.getInitializer();
      const origin = initializer ? this.origins.originOf(initializer) : undefined;
      if (origin?.kind === "db") this.emit(origin.read, origin.secret, "dbFirst");
    }
  }

  /** `{ smtpPassword: process.env.SMTP_PASSWORD, ...row }`: the row's column replaces the env default. */
  private checkSpreadOverride(spread: Node): void {
    if (!Node.isSpreadAssignment(spread)) return;
    const literal = spread.getParent();
    if (!Node.isObjectLiteralExpression(literal)) return;
    const before = literal.getProperties().filter((property) => property.getEnd() <= spread.getStart());
    const envDefaults = new Map<string, Node>();
    for (const property of before) {
      if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) continue;
      const name = propertyNameText(property.getNameNode());
      const value = Node.isPropertyAssignment(property) ? property.getInitializer() : property.getNameNode();
      if (name !== undefined && value && this.context.registry.secret(name) && this.origins.originOf(value)?.kind === "env") {
        envDefaults.set(name, property);
      }
    }
    if (envDefaults.size === 0) return;
    const row = this.origins.rows.rowOf(spread.getExpression());
    const overridden = row?.secrets.find((secret) => envDefaults.has(secret.field));
    if (overridden) this.emit(spread, overridden, "dbFirst");
  }

  /** `const { geminiApiKey = process.env.GEMINI_API_KEY } = settings`: the env value is only a default. */
  private checkDestructuringDefault(element: Node): void {
    if (!Node.isBindingElement(element) || element.getDotDotDotToken()) return;
    const initializer = element.getInitializer();
    if (!initializer || !this.origins.mentionsEnv(initializer)) return;
    const name = propertyNameText(element.getPropertyNameNode() ?? element.getNameNode());
    const secret = name === undefined ? undefined : this.context.registry.secret(name);
    if (!secret) return;
    const pattern = element.getParent();
    const holder = pattern.getParent();
    if (Node.isVariableDeclaration(holder)) {
      const source = holder.getInitializer();
      if (!source || isEnvObject(source, this.context.registry)) return;
      const shape = this.origins.rows.objectShape(source);
      if (shape === "plain") return;
      const root = rootIdentifier(source);
      if (shape !== "row" && root && isRequestInputName(root.getText())) return;
    } else if (Node.isParameterDeclaration(holder)) {
      // `({ smtpPassword = process.env.SMTP_PASSWORD }: SystemSettings) => ...`; an options type is the caller's choice.
      const typeNode = holder.getTypeNode();
      if (!typeNode || !this.origins.rows.isRowType(typeNode)) return;
    } else {
      return;
    }
    this.emit(element, secret, "dbFirst");
  }

  /** Secrets whose database value a condition tests (`row.x`, `row?.x != null`, `Boolean(v)` with `v = row.x`). */
  private testedSecrets(condition: Node): Set<string> {
    const tested = new Set<string>();
    for (const value of this.origins.valueExpressionsIn(condition)) {
      if (Node.isCallExpression(value)) continue;
      const origin = this.origins.originOf(value);
      if (origin?.kind === "db") tested.add(origin.secret.field);
    }
    return tested;
  }

  // ---- database-only consumers ---------------------------------------------------------------

  /** Names of the functions (in relevant files) whose return value is a row's secret. */
  private dbHelperNames(): Set<string> {
    const names = new Set<string>();
    const secretNames = this.context.registry.secrets.map((secret) => secret.field);
    for (const file of this.context.relevantFiles) {
      const text = file.getFullText();
      if (!secretNames.some((name) => text.includes(name))) continue;
      for (const kind of FUNCTION_KINDS) {
        for (const fn of file.getDescendantsOfKind(kind)) {
          const body = fn.getText();
          if (!secretNames.some((name) => body.includes(name))) continue;
          if (this.origins.functionOrigin(fn)?.kind !== "db") continue;
          const name = functionName(fn);
          if (name) names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Files whose text names one of `names`: relevant files, plus other loaded files (a consumer that
   * only calls a helper names no secret, so the pre-scan may have left it out of the relevant set).
   */
  private filesNaming(names: readonly string[]): SourceFile[] {
    if (names.length === 0) return [];
    const pattern = new RegExp(`\\b(?:${names.map(escapeRegExp).join("|")})\\b`);
    const relevant = new Set(this.context.relevantFiles);
    const files = this.context.relevantFiles.filter((file) => pattern.test(file.getFullText()));
    for (const file of this.context.project.getSourceFiles()) {
      if (relevant.has(file) || file.isDeclarationFile() || file.isInNodeModules()) continue;
      if (pattern.test(file.getFullText())) files.push(file);
    }
    return files;
  }

  private collectConsumers(file: SourceFile): void {
    for (const kind of [SyntaxKind.CallExpression, SyntaxKind.NewExpression] as const) {
      for (const node of file.getDescendantsOfKind(kind)) if (!isIgnoredCall(node)) this.consumers.push(node);
    }
  }

  /** A row's secret passed to a call or constructor (possibly inside an object literal) with no env read around. */
  private checkConsumer(call: Node): void {
    if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return;
    for (const argument of call.getArguments()) {
      for (const value of valuesIn(argument)) {
        const origin = this.origins.originOf(value);
        if (origin?.kind !== "db" || !origin.rowPositive || this.reported.has(origin.read)) continue;
        if (this.readsEnvFor(call, origin.secret) || this.readsEnvFor(origin.read, origin.secret)) continue;
        this.emit(origin.read, origin.secret, "dbOnly", value);
      }
    }
  }

  /** Does the function around `node` (or its file, at top level) read the secret's env var? */
  private readsEnvFor(node: Node, secret: SecretEntry): boolean {
    const scope = enclosingFunction(node) ?? node.getSourceFile();
    const names = this.origins.envNamesIn(scope);
    return names.has("*") || secret.envVars.some((name) => names.has(name));
  }
}

/** The values an argument hands over: itself, or the property values / elements of a literal. */
function valuesIn(argument: Node): Node[] {
  const target = unwrapExpression(argument);
  if (Node.isObjectLiteralExpression(target)) {
    return target.getProperties().flatMap((property) => {
      if (Node.isPropertyAssignment(property)) {
        const initializer = property.getInitializer();
        return initializer ? valuesIn(initializer) : [];
      }
      if (Node.isShorthandPropertyAssignment(property)) return [property.getNameNode()];
      return [];
    });
  }
  if (Node.isArrayLiteralExpression(target)) return target.getElements().flatMap(valuesIn);
  if (Node.isConditionalExpression(target)) return [...valuesIn(target.getWhenTrue()), ...valuesIn(target.getWhenFalse())];
  if (isFunctionLike(target) || Node.isSpreadElement(target)) return [];
  return [argument];
}

/** Presence checks, assertions, logging, Prisma calls and responses: not a consumer of the secret. */
function isIgnoredCall(call: Node): boolean {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return true;
  if (call.getArguments().length === 0) return true;
  const callee = unwrapExpression(call.getExpression());
  if (Node.isIdentifier(callee)) return IGNORED_CALLEES.has(callee.getText()) || PREDICATE_NAME.test(callee.getText());
  if (Node.isPropertyAccessExpression(callee)) {
    const method = callee.getName();
    if (IGNORED_METHODS.has(method) || IGNORED_CALLEES.has(method) || PREDICATE_NAME.test(method)) return true;
    const root = rootIdentifier(callee.getExpression());
    if (root && IGNORED_OBJECTS.has(root.getText())) return true;
    if (Node.isCallExpression(call) && isJsonResponseCall(root?.getText(), method)) return true;
    if (PRISMA_READ_METHODS.has(method) || PRISMA_WRITE_METHODS.has(method)) {
      return Node.isPropertyAccessExpression(unwrapExpression(callee.getExpression()));
    }
  }
  if (Node.isNewExpression(call)) return /Response$/.test(callee.getText()) || /Error$/.test(callee.getText());
  return false;
}

/** The outermost `??`/`||` of a chain (parentheses included). */
function isChainTop(node: Node): boolean {
  let parent = node.getParent();
  while (parent && Node.isParenthesizedExpression(parent)) parent = parent.getParent();
  if (!parent || !Node.isBinaryExpression(parent)) return true;
  const kind = parent.getOperatorToken().getKind();
  return kind !== SyntaxKind.QuestionQuestionToken && kind !== SyntaxKind.BarBarToken;
}

const COMPARISONS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.LessThanToken,
  SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanToken,
  SyntaxKind.GreaterThanEqualsToken,
  SyntaxKind.InstanceOfKeyword,
  SyntaxKind.InKeyword,
]);

/** Is the value only tested (`Boolean(x)`, `!x`, `if (x)`, `x && ...`, comparisons)? */
function inPresenceContext(node: Node): boolean {
  let current = node;
  let parent = current.getParent();
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent))
  ) {
    current = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if (Node.isCallExpression(parent)) {
    const callee = unwrapExpression(parent.getExpression());
    return Node.isIdentifier(callee) && PRESENCE_FUNCTIONS.has(callee.getText()) && parent.getArguments().includes(current);
  }
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isTypeOfExpression(parent)) return true;
  if (
    Node.isIfStatement(parent) ||
    Node.isWhileStatement(parent) ||
    Node.isDoStatement(parent)
  ) {
    return parent.getExpression() === current;
  }
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === current;
  if (Node.isBinaryExpression(parent)) {
    const kind = parent.getOperatorToken().getKind();
    if (COMPARISONS.has(kind)) return true;
    if (kind === SyntaxKind.AmpersandAmpersandToken) {
      return parent.getLeft() === current || inPresenceContext(parent);
    }
  }
  return false;
}

/** The statements of a branch (a block's statements, or the single statement). */
function statementsOf(statement: Node | undefined): Node[] {
  if (!statement) return [];
  return Node.isBlock(statement) ? statement.getStatements() : [statement];
}

/** `v = value;` (or `v ??= value;`) as a statement, with `v` an identifier. */
function assignmentOf(statement: Node): { target: Node; value: Node } | undefined {
  if (!Node.isExpressionStatement(statement)) return undefined;
  const expression = unwrapExpression(statement.getExpression());
  if (!Node.isBinaryExpression(expression) || !ASSIGNMENTS.has(expression.getOperatorToken().getKind())) return undefined;
  const target = unwrapExpression(expression.getLeft());
  if (!Node.isIdentifier(target) || !isWriteTarget(expression.getLeft())) return undefined;
  return { target, value: expression.getRight() };
}

/** Does `node` refer to the same variable as `identifier`? */
function mentionsIdentifier(node: Node, identifier: Node): boolean {
  const name = identifier.getText();
  const targets = valueDeclarationsOf(identifier);
  const matches = (candidate: Node): boolean =>
    Node.isIdentifier(candidate) &&
    candidate.getText() === name &&
    valueDeclarationsOf(candidate).some((declaration) => targets.includes(declaration));
  if (matches(node)) return true;
  return node.getDescendantsOfKind(SyntaxKind.Identifier).some(matches);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
