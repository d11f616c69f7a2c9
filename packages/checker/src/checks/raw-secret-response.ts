import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, ObjectLiteralExpression } from "ts-morph";
import {
  PRESENCE_FUNCTIONS,
  PRISMA_TRANSACTION_METHOD,
  isJsonResponseCall,
  isRequestInputName,
  type SecretEntry,
} from "@secret-guardrails/core";
import { defineCheck, type CheckContext, type Reporter } from "../check.js";
import { adminEndpointsIn, type AdminEndpoint } from "../analysis/admin-endpoints.js";
import { calledFunction, memberDeclarations, returnedExpressions, valueDeclarationsOf } from "../analysis/functions.js";
import { settingsRows, type SettingsRows } from "../analysis/settings-rows.js";
import {
  accessedName,
  isEnvObject,
  isFunctionLike,
  propertyNameText,
  rootIdentifier,
  unwrapAwait,
  unwrapExpression,
} from "../analysis/syntax.js";

export type MessageId = "secretValue" | "secretData";

/**
 * ADR 0001, rule 2: admin settings reads expose presence and source status, not secret values.
 * Follows what an admin endpoint (tRPC admin procedure, admin route handler, `pages/api/admin`
 * handler) returns or sends as JSON: whole settings rows (directly, from a helper in another file,
 * nested, spread, or the rest of a destructured row), `select`s that include a secret, and
 * properties that carry a secret's value (from the row or from the environment).
 */
export default defineCheck<MessageId>({
  id: "raw-secret-response",
  meta: {
    description: "Disallow to return a secret value from an admin endpoint",
    category: "raw-secret-response",
    defaultSeverity: "error",
    messages: {
      secretValue:
        "Admin endpoint `{{endpoint}}` returns the value of `{{secret}}`: return its presence and source (for example `Boolean(...)` and the env var {{envVar}}) instead",
      secretData:
        "Admin endpoint `{{endpoint}}` returns settings data that carries {{secrets}}: return only non-secret fields, and each secret's presence and source",
    },
  },
  run(context, report) {
    new RawSecretResponse(context, report).run();
  },
});

/** What a value carries: secret values (`kind: "value"`) or rows/objects holding secrets (`"data"`). */
interface Carry {
  readonly kind: "value" | "data";
  readonly secrets: readonly SecretEntry[];
}

interface Leak {
  readonly node: Node;
  readonly carry: Carry;
}

/** Conversions and string methods whose result is the same secret. */
const PASS_THROUGH_FUNCTIONS: ReadonlySet<string> = new Set(["String"]);
const PASS_THROUGH_METHODS: ReadonlySet<string> = new Set(["trim", "trimStart", "trimEnd", "toString", "valueOf"]);

class RawSecretResponse {
  private readonly rows: SettingsRows;
  private readonly carryCache = new Map<Node, Carry | null>();
  private readonly functionCache = new Map<Node, Carry | null>();
  private readonly reported = new Set<Node>();

  constructor(
    private readonly context: CheckContext,
    private readonly report: Reporter<MessageId>,
  ) {
    this.rows = settingsRows(context.registry);
  }

  run(): void {
    // No text pre-filter: a router may name only a procedure constant built on the admin procedure in
    // another file. `adminEndpointsIn` is cached per file and shared with `secret-in-admin-input`.
    for (const file of this.context.relevantFiles) {
      for (const endpoint of adminEndpointsIn(file, this.context.relativePath(file), this.context.registry)) {
        for (const value of responseValues(endpoint)) this.reportValue(value, endpoint);
      }
    }
  }

  /** Reports what a response value leaks: at the properties of a literal built here, else at the value. */
  private reportValue(value: Node, endpoint: AdminEndpoint, depth = 0): void {
    const target = unwrapAwait(value);
    if (depth > 8) return;
    const stringified = jsonStringifyCall(target);
    if (stringified) {
      const argument = stringified.getArguments()[0];
      if (argument) this.reportValue(argument, endpoint, depth + 1);
      return;
    }
    if (Node.isObjectLiteralExpression(target)) {
      for (const leak of this.objectLeaks(target)) this.emit(leak, endpoint);
      return;
    }
    if (Node.isArrayLiteralExpression(target)) {
      for (const element of target.getElements()) this.reportValue(element, endpoint, depth + 1);
      return;
    }
    if (Node.isConditionalExpression(target)) {
      this.reportValue(target.getWhenTrue(), endpoint, depth + 1);
      this.reportValue(target.getWhenFalse(), endpoint, depth + 1);
      return;
    }
    if (Node.isIdentifier(target)) {
      // `const body = { ... }; return body;` inside the handler: point at the property.
      const literal = localObjectLiteral(target, endpoint.handler);
      if (literal) {
        this.reportValue(literal, endpoint, depth + 1);
        return;
      }
    }
    const picks = this.selectPicks(target);
    if (picks.length > 0) {
      for (const pick of picks) this.emit(pick, endpoint);
      return;
    }
    const carry = this.carry(target);
    if (carry) this.emit({ node: target, carry }, endpoint);
  }

  /** The properties of an inline `select` that pick a secret, in a delegate call returned as is. */
  private selectPicks(target: Node): Leak[] {
    const row = Node.isCallExpression(target) ? this.rows.delegateRow(target) : undefined;
    if (!row || row.secrets.length === 0 || !Node.isCallExpression(target)) return [];
    const options = target.getArguments()[0];
    const literal = options && unwrapExpression(options);
    const select = literal && Node.isObjectLiteralExpression(literal) ? literal.getProperty("select") : undefined;
    const initializer = Node.isPropertyAssignment(select) ? select.getInitializer() : undefined;
    const value = initializer && unwrapExpression(initializer);
    if (!value || !Node.isObjectLiteralExpression(value)) return [];
    const picks: Leak[] = [];
    for (const property of value.getProperties()) {
      if (Node.isSpreadAssignment(property)) return []; // keys from elsewhere: report the call itself
      if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) continue;
      const name = propertyNameText(property.getNameNode());
      const secret = row.secrets.find((entry) => entry.field === name);
      if (secret) picks.push({ node: property, carry: { kind: "data", secrets: [secret] } });
    }
    return picks;
  }

  private emit(leak: Leak, endpoint: AdminEndpoint): void {
    if (this.reported.has(leak.node)) return;
    this.reported.add(leak.node);
    const { carry } = leak;
    const single = carry.secrets.length === 1 ? carry.secrets[0] : undefined;
    if (carry.kind === "value" && single) {
      this.report.atNode(leak.node, {
        messageId: "secretValue",
        data: {
          endpoint: endpoint.name,
          secret: single.field,
          envVar: single.envVars.map((name) => `\`${name}\``).join(" or "),
        },
        secret: single.field,
      });
      return;
    }
    this.report.atNode(leak.node, {
      messageId: "secretData",
      data: { endpoint: endpoint.name, secrets: carry.secrets.map((secret) => `\`${secret.field}\``).join(", ") },
      ...(single ? { secret: single.field } : {}),
    });
  }

  /** The properties of an object literal that carry a secret (nested literals report their own properties). */
  private objectLeaks(literal: ObjectLiteralExpression, depth = 0): Leak[] {
    const leaks: Leak[] = [];
    if (depth > 8) return leaks;
    const properties = literal.getProperties();
    properties.forEach((property, index) => {
      if (Node.isPropertyAssignment(property)) {
        const initializer = property.getInitializer(); // missing only in code that does not parse
        if (!initializer) return;
        const value = unwrapAwait(initializer);
        if (Node.isObjectLiteralExpression(value)) {
          leaks.push(...this.objectLeaks(value, depth + 1));
          return;
        }
        const carry = this.carry(value);
        if (carry) leaks.push({ node: property, carry });
      } else if (Node.isShorthandPropertyAssignment(property)) {
        const carry = this.carry(property.getNameNode());
        if (carry) leaks.push({ node: property, carry });
      } else if (Node.isSpreadAssignment(property)) {
        const value = unwrapAwait(property.getExpression());
        if (Node.isObjectLiteralExpression(value)) {
          leaks.push(...this.objectLeaks(value, depth + 1));
          return;
        }
        const carry = this.carry(value);
        if (!carry) return;
        // `{ ...row, smtpPassword: undefined }`: keys set after the spread replace the row's.
        const overridden = new Set<string>();
        for (const later of properties.slice(index + 1)) {
          if (Node.isPropertyAssignment(later) || Node.isShorthandPropertyAssignment(later)) {
            const name = propertyNameText(later.getNameNode());
            if (name !== undefined) overridden.add(name);
          }
        }
        const secrets = carry.secrets.filter((secret) => !overridden.has(secret.field));
        if (secrets.length > 0) leaks.push({ node: property, carry: { kind: "data", secrets } });
      }
    });
    return leaks;
  }

  /** What an expression's value carries, if anything (cached per node). */
  private carry(expression: Node): Carry | undefined {
    const target = unwrapAwait(expression);
    if (this.carryCache.has(target)) return this.carryCache.get(target) ?? undefined;
    this.carryCache.set(target, null);
    const result = this.computeCarry(target);
    const kept = result && result.secrets.length > 0 ? result : undefined;
    this.carryCache.set(target, kept ?? null);
    return kept;
  }

  private computeCarry(target: Node): Carry | undefined {
    const registry = this.context.registry;
    if (Node.isObjectLiteralExpression(target)) {
      return data(this.objectLeaks(target).map((leak) => leak.carry));
    }
    if (Node.isArrayLiteralExpression(target)) return data(target.getElements().map((element) => this.carry(element)));
    if (isEnvObject(target, registry)) return { kind: "data", secrets: registry.secrets };
    if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
      const name = accessedName(target);
      // `process.env.X`, `env.X`, and `<opaque env module>.X` named after a secret's env var (`serverEnv.SMTP_PASSWORD`).
      const opaqueEnv =
        Node.isPropertyAccessExpression(target) &&
        registry.secretForEnvVar(target.getName()) !== undefined &&
        memberDeclarations(target).length === 0;
      if (isEnvObject(target.getExpression(), registry) || opaqueEnv) {
        const secret = name === undefined ? undefined : registry.secretForEnvVar(name);
        return secret ? { kind: "value", secrets: [secret] } : undefined;
      }
      const read = this.rows.secretRead(target);
      if (read) return { kind: "value", secrets: [read.secret] };
      if (Node.isPropertyAccessExpression(target)) {
        // `result.settings` where `result = { settings: row }`, or a getter of our own code.
        for (const declaration of memberDeclarations(target)) {
          if (Node.isPropertyAssignment(declaration)) {
            const initializer = declaration.getInitializer();
            return initializer ? this.carry(initializer) : undefined;
          }
          if (Node.isShorthandPropertyAssignment(declaration)) return this.carry(declaration.getNameNode());
          if (Node.isGetAccessorDeclaration(declaration)) return this.functionCarry(declaration);
        }
      }
      return this.rowCarry(target);
    }
    if (Node.isIdentifier(target)) return this.identifierCarry(target);
    if (Node.isCallExpression(target)) return this.callCarry(target);
    if (Node.isConditionalExpression(target)) return union([this.carry(target.getWhenTrue()), this.carry(target.getWhenFalse())]);
    if (Node.isBinaryExpression(target)) {
      const kind = target.getOperatorToken().getKind();
      if (kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.PlusToken) {
        return union([this.carry(target.getLeft()), this.carry(target.getRight())]);
      }
      if (kind === SyntaxKind.AmpersandAmpersandToken) return this.carry(target.getRight());
      return undefined;
    }
    if (Node.isTemplateExpression(target)) {
      return union(target.getTemplateSpans().map((span) => this.carry(span.getExpression())));
    }
    return undefined;
  }

  private rowCarry(target: Node): Carry | undefined {
    const row = this.rows.rowOf(target);
    return row && row.secrets.length > 0 ? { kind: "data", secrets: row.secrets } : undefined;
  }

  private identifierCarry(identifier: Node): Carry | undefined {
    const registry = this.context.registry;
    for (const declaration of valueDeclarationsOf(identifier)) {
      if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
        const initializer = declaration.getInitializer();
        const fromValue = initializer ? this.carry(initializer) : undefined;
        if (fromValue) return fromValue;
        continue;
      }
      if (!Node.isBindingElement(declaration)) continue;
      if (declaration.getDotDotDotToken()) return this.rowCarry(identifier);
      // `const { smtpPassword } = row` / `const { SMTP_PASSWORD } = process.env`
      const name = propertyNameText(declaration.getPropertyNameNode() ?? declaration.getNameNode());
      if (name === undefined) continue;
      const holder = declaration.getParent().getParent();
      const source = Node.isVariableDeclaration(holder) ? holder.getInitializer() : undefined;
      if (!source) continue;
      if (isEnvObject(source, registry)) {
        const secret = registry.secretForEnvVar(name);
        if (secret) return { kind: "value", secrets: [secret] };
        continue;
      }
      const secret = registry.secret(name);
      if (!secret) continue;
      const shape = this.rows.objectShape(source);
      const root = rootIdentifier(source);
      if (shape === "plain" || (shape !== "row" && root && isRequestInputName(root.getText()))) continue;
      return { kind: "value", secrets: [secret] };
    }
    return this.rowCarry(identifier);
  }

  private callCarry(call: Node): Carry | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const callee = unwrapExpression(call.getExpression());
    const argument = call.getArguments()[0];
    if (jsonStringifyCall(call)) return argument ? this.carry(argument) : undefined;
    if (Node.isIdentifier(callee)) {
      if (PRESENCE_FUNCTIONS.has(callee.getText())) return undefined;
      if (PASS_THROUGH_FUNCTIONS.has(callee.getText())) return argument ? this.carry(argument) : undefined;
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      if (PASS_THROUGH_METHODS.has(method)) return this.carry(callee.getExpression());
      if (callee.getText() === "Object.assign" || callee.getText() === "structuredClone") {
        return union(call.getArguments().map((each) => this.carry(each)));
      }
      if (method === PRISMA_TRANSACTION_METHOD) {
        const callback = argument && unwrapExpression(argument);
        return callback && isFunctionLike(callback) ? this.functionCarry(callback) : undefined;
      }
    }
    if (Node.isIdentifier(callee) && callee.getText() === "structuredClone") return argument ? this.carry(argument) : undefined;
    const delegate = this.rows.delegateRow(call);
    if (delegate) return delegate.secrets.length > 0 ? { kind: "data", secrets: delegate.secrets } : undefined;
    const fn = calledFunction(call);
    return fn ? this.functionCarry(fn) : undefined;
  }

  /** What a function's returns carry (cached per function; a cycle carries nothing). */
  private functionCarry(fn: Node): Carry | undefined {
    if (this.functionCache.has(fn)) return this.functionCache.get(fn) ?? undefined;
    this.functionCache.set(fn, null);
    const result = union(returnedExpressions(fn).map((returned) => this.carry(returned))) ?? this.rowCarryOfFunction(fn);
    this.functionCache.set(fn, result ?? null);
    return result;
  }

  /** A helper with no analysable return whose declared return type is a settings row. */
  private rowCarryOfFunction(fn: Node): Carry | undefined {
    const returnType = Node.isReturnTyped(fn) ? fn.getReturnTypeNode() : undefined;
    if (!returnType || returnedExpressions(fn).length > 0 || !this.rows.isRowType(returnType)) return undefined;
    return { kind: "data", secrets: this.context.registry.secrets };
  }
}

/** What an admin endpoint answers with: a tRPC resolver's returns, or the JSON a route handler sends. */
function responseValues(endpoint: AdminEndpoint): Node[] {
  if (endpoint.kind === "trpc") return [...returnedExpressions(endpoint.handler)];
  const values: Node[] = [];
  endpoint.handler.forEachDescendant((node) => {
    if (Node.isCallExpression(node)) {
      const callee = unwrapExpression(node.getExpression());
      const argument = node.getArguments()[0];
      if (!argument || !Node.isPropertyAccessExpression(callee)) return;
      const objectName = rootIdentifier(callee.getExpression())?.getText();
      if (isJsonResponseCall(objectName, callee.getName())) values.push(argument);
    } else if (Node.isNewExpression(node)) {
      const argument = node.getArguments()[0];
      if (argument && /Response$/.test(node.getExpression().getText())) values.push(argument);
    }
  });
  return values;
}

/** `JSON.stringify(x)`: the call, so its argument can be followed. */
function jsonStringifyCall(node: Node): CallExpression | undefined {
  return Node.isCallExpression(node) && unwrapExpression(node.getExpression()).getText() === "JSON.stringify" ? node : undefined;
}

/** A variable of the handler initialised with an object literal (or `JSON.stringify` of one). */
function localObjectLiteral(identifier: Node, handler: Node): ObjectLiteralExpression | undefined {
  for (const declaration of valueDeclarationsOf(identifier)) {
    if (!Node.isVariableDeclaration(declaration)) continue;
    if (declaration.getFirstAncestor((ancestor) => ancestor === handler) === undefined) continue;
    const initializer = declaration.getInitializer();
    let target = initializer && unwrapAwait(initializer);
    const stringified = target && jsonStringifyCall(target);
    if (stringified) {
      const argument = stringified.getArguments()[0];
      target = argument && unwrapAwait(argument);
    }
    if (target && Node.isObjectLiteralExpression(target)) return target;
  }
  return undefined;
}

function union(carries: readonly (Carry | undefined)[]): Carry | undefined {
  const present = carries.filter((carry): carry is Carry => carry !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const byField = new Map<string, SecretEntry>();
  for (const carry of present) for (const secret of carry.secrets) byField.set(secret.field, secret);
  return { kind: present.every((carry) => carry.kind === "value") ? "value" : "data", secrets: [...byField.values()] };
}

function data(carries: readonly (Carry | undefined)[]): Carry | undefined {
  const merged = union(carries);
  return merged ? { kind: "data", secrets: merged.secrets } : undefined;
}
