import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type * as ts from "typescript";
import { createRequire } from "node:module";
import { AST_NODE_TYPES, ESLintUtils } from "@typescript-eslint/utils";
import { isJsonResponseCall, splitWords, type SecretEntry, type SecretRegistry } from "@secret-guardrails/core";
import { createRule } from "../utils/create-rule.js";
import { getRegistry, SETTINGS_KEY, type PluginSettings } from "../utils/registry.js";
import { isFunction, rootIdentifier, staticKeyName, unwrap } from "../utils/ast.js";
import {
  adminRouteFileKind,
  adminTrpcHandler,
  exportedRouteHandlers,
  lintedFilePath,
  type HandlerFunction,
} from "../utils/admin-endpoint.js";
import { createSecretFlow, type Carrier, type RowCarrier } from "../utils/secret-flow.js";

export type Options = [];

export type MessageIds = "rawSecretResponse" | "wholeRowResponse" | "selectedSecretResponse" | "suggestPresenceFlag";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Value shapes whose `Boolean(...)` is the secret's presence. */
const PRESENCE_SUGGESTIBLE: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ConditionalExpression,
]);

/** Response constructors whose first argument is the body: `new Response(JSON.stringify(x))`. */
const RESPONSE_CONSTRUCTORS: ReadonlySet<string> = new Set(["Response", "NextResponse"]);

export default createRule<Options, MessageIds>({
  name: "no-raw-secret-in-admin-response",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow admin endpoints that return a runtime secret's value instead of its presence and source",
      recommended: true,
      requiresTypeChecking: false,
      category: "raw-secret-response",
    },
    hasSuggestions: true,
    messages: {
      rawSecretResponse:
        "Admin endpoint returns the value of '{{secret}}'. Return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
      wholeRowResponse:
        "Admin endpoint returns a settings row that still carries {{secrets}}. Select or copy only non-secret fields and return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
      selectedSecretResponse:
        "Admin endpoint selects '{{secret}}' and returns its value. Remove it from the `select` and return presence and source instead (e.g. `has{{Secret}}: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
      suggestPresenceFlag: "Return the presence flag `{{flag}}: Boolean(...)` instead of the value.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const registry = getRegistry(context);
    const { sourceCode } = context;
    const settings = (context.settings[SETTINGS_KEY] ?? {}) as PluginSettings;
    const routeKind = adminRouteFileKind(lintedFilePath(context.filename, settings.root ?? context.cwd), registry);

    const handlers = new Set<HandlerFunction>();
    const returns: TSESTree.ReturnStatement[] = [];
    const responseBodies: TSESTree.Node[] = [];

    return {
      Program(program) {
        if (!routeKind) return;
        const scope = sourceCode.getScope(program);
        for (const endpoint of exportedRouteHandlers(program, routeKind, scope)) handlers.add(endpoint.handler);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return;
        const method = callee.property.name;
        if (method === "json" || method === "send") {
          const body = node.arguments[0];
          if (body && body.type !== AST_NODE_TYPES.SpreadElement && isJsonResponseCall(rootIdentifier(callee.object)?.name, method)) {
            responseBodies.push(body);
          }
          return;
        }
        if (method === "query" || method === "mutation" || method === "subscription") {
          const handler = adminTrpcHandler(node, registry, sourceCode.getScope(node));
          if (handler) handlers.add(handler);
        }
      },
      NewExpression(node) {
        const body = node.arguments[0];
        if (
          node.callee.type === AST_NODE_TYPES.Identifier &&
          RESPONSE_CONSTRUCTORS.has(node.callee.name) &&
          body &&
          body.type !== AST_NODE_TYPES.SpreadElement
        ) {
          responseBodies.push(body);
        }
      },
      ReturnStatement(node) {
        if (node.argument) returns.push(node);
      },
      "Program:exit"() {
        if (handlers.size === 0) return;
        const reporter = createReporter(context, registry);
        for (const handler of handlers) {
          if (handler.body.type !== AST_NODE_TYPES.BlockStatement) reporter.check(handler.body);
        }
        for (const statement of returns) {
          if (handlers.has(enclosingFunction(statement) as HandlerFunction)) reporter.check(statement.argument!);
        }
        for (const body of responseBodies) {
          if (insideHandler(body, handlers)) reporter.check(body);
        }
      },
    };
  },
});

function enclosingFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

function insideHandler(node: TSESTree.Node, handlers: ReadonlySet<HandlerFunction>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && handlers.has(current)) return true;
  }
  return false;
}

/** Reports what a returned value / response body carries, once per node and secret. */
function createReporter(context: Context, registry: SecretRegistry): { check(node: TSESTree.Node): void } {
  const flow = createSecretFlow(registry, context.sourceCode);
  const reported = new Set<string>();
  let types: TypeSecrets | null | undefined;

  const typeSecrets = (): TypeSecrets | null => {
    if (types === undefined) types = createTypeSecrets(context, registry);
    return types;
  };

  const report = (node: TSESTree.Node, messageId: MessageIds, data: Record<string, string>, suggest?: TSESLint.ReportSuggestionArray<MessageIds>): void => {
    // One report per node and message; value reports also per secret (`a.smtpPassword ?? b.geminiApiKey`).
    const key = `${node.range[0]}:${node.range[1]}:${messageId}:${data.secret ?? ""}`;
    if (reported.has(key)) return;
    reported.add(key);
    context.report({ node, messageId, data, ...(suggest && suggest.length > 0 ? { suggest } : {}) });
  };

  const reportRow = (carrier: Pick<RowCarrier, "node" | "secrets">): void => {
    report(carrier.node, "wholeRowResponse", {
      secrets: carrier.secrets.map((secret) => `'${secret.field}'`).join(", "),
      Secret: pascal(carrier.secrets[0]!.field),
    });
  };

  const reportCarrier = (carrier: Carrier): void => {
    switch (carrier.kind) {
      case "value":
        // With types, `status.smtpPassword` of a status record is an object, not the value.
        if (!carrier.fromEnv && typeSecrets()?.isNonValue(carrier.read)) return;
        report(
          carrier.node,
          "rawSecretResponse",
          { secret: carrier.secret.field, Secret: pascal(carrier.secret.field) },
          carrier.property ? presenceSuggestion(context, carrier.property, carrier.secret) : undefined,
        );
        return;
      case "row":
        // `return ctx.db.systemSettings.findUnique({ select: { geminiApiKey: true } })`: the select picks it.
        if (carrier.whole && carrier.selected && carrier.source && unwrapAwait(carrier.node) === carrier.source) {
          for (const { secret, property } of carrier.selected) {
            report(property, "selectedSecretResponse", { secret: secret.field, Secret: pascal(secret.field) });
          }
          return;
        }
        reportRow(carrier);
        return;
      case "unknown": {
        const secrets = typeSecrets()?.secretsOf(carrier.expression) ?? [];
        if (secrets.length > 0) reportRow({ node: carrier.node, secrets });
        return;
      }
    }
  };

  return {
    check(node) {
      for (const carrier of flow.carriers(node)) reportCarrier(carrier);
    },
  };
}

function unwrapAwait(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

/** `smtpPassword` -> `SmtpPassword`. */
function pascal(field: string): string {
  return splitWords(field)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** Suggests `password: settings.smtpPassword` -> `hasSmtpPassword: Boolean(settings.smtpPassword)`. */
function presenceSuggestion(
  context: Context,
  property: TSESTree.Property,
  secret: SecretEntry,
): TSESLint.ReportSuggestionArray<MessageIds> {
  const flag = `has${pascal(secret.field)}`;
  const object = property.parent;
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const scope = context.sourceCode.getScope(property);
  const taken = object.properties.some(
    (other) => other !== property && other.type === AST_NODE_TYPES.Property && staticKeyName(other.key, other.computed, scope) === flag,
  );
  if (taken) return [];
  // Only where `Boolean(value)` is the secret's presence: not for `` `Bearer ${key}` `` or `"x" + key`.
  const value = unwrap(property.value);
  if (!PRESENCE_SUGGESTIBLE.has(value.type)) return [];
  const valueText = context.sourceCode.getText(property.value);
  return [
    {
      messageId: "suggestPresenceFlag",
      data: { flag },
      fix: (fixer) => fixer.replaceText(property, `${flag}: Boolean(${valueText})`),
    },
  ];
}

interface TypeSecrets {
  /** Registered secrets that the (awaited) type of `node` holds as string properties. */
  secretsOf(node: TSESTree.Node): readonly SecretEntry[];
  /** Is `node`'s type known to be no secret value (an object such as a status record; not string, not any)? */
  isNonValue(node: TSESTree.Node): boolean;
}

/** Type-aware fallback for what syntax cannot see (rows from helpers in other files). Null without types. */
function createTypeSecrets(context: Context, registry: SecretRegistry): TypeSecrets | null {
  if (!context.sourceCode.parserServices?.program) return null;
  const services = ESLintUtils.getParserServices(context, true);
  const program = services.program;
  if (!program) return null;
  const checker = program.getTypeChecker();
  const tsModule = typescriptModule();
  const cache = new Map<ts.Type, readonly SecretEntry[]>();

  const secretsOfType = (type: ts.Type, depth: number, seen: Set<ts.Type>): SecretEntry[] => {
    if (seen.has(type) || depth > 2) return [];
    seen.add(type);
    const found: SecretEntry[] = [];
    for (const part of type.isUnion() ? type.types : [type]) {
      if (!isObjectLike(part, tsModule) || part.getCallSignatures().length > 0) continue;
      if (checker.isArrayType(part) || checker.isTupleType(part)) {
        for (const element of checker.getTypeArguments(part as ts.TypeReference)) found.push(...secretsOfType(element, depth, seen));
        continue;
      }
      for (const symbol of checker.getPropertiesOfType(part)) {
        const propertyType = checker.getTypeOfSymbol(symbol);
        const secret = registry.secret(symbol.getName());
        if (secret && isStringLike(propertyType, tsModule)) found.push(secret);
        else found.push(...secretsOfType(propertyType, depth + 1, seen));
      }
    }
    return found;
  };

  return {
    secretsOf(node) {
      const type = services.getTypeAtLocation(node);
      let secrets = cache.get(type);
      if (!secrets) {
        secrets = [...new Set(secretsOfType(checker.getAwaitedType(type) ?? type, 0, new Set()))];
        cache.set(type, secrets);
      }
      return secrets;
    },
    isNonValue(node) {
      const parts = nonNullishParts(services.getTypeAtLocation(node), tsModule);
      return parts.length > 0 && parts.every((part) => isObjectLike(part, tsModule) && !isStringLike(part, tsModule));
    },
  };
}

function nonNullishParts(type: ts.Type, tsModule: typeof ts): ts.Type[] {
  const nullish = tsModule.TypeFlags.Null | tsModule.TypeFlags.Undefined | tsModule.TypeFlags.Void;
  return (type.isUnion() ? type.types : [type]).filter((part) => (part.flags & nullish) === 0);
}

/** The `typescript` module the parser uses (an optional peer: only loaded when types are present). */
function typescriptModule(): typeof ts {
  return createRequire(import.meta.url)("typescript") as typeof ts;
}

function isObjectLike(type: ts.Type, tsModule: typeof ts): boolean {
  return (type.flags & (tsModule.TypeFlags.Object | tsModule.TypeFlags.Intersection)) !== 0;
}

/** `string`, `string | null`, string literals, `Buffer`/`Uint8Array` (Prisma `Bytes`). */
function isStringLike(type: ts.Type, tsModule: typeof ts): boolean {
  return (type.isUnion() ? type.types : [type]).some(
    (part) => (part.flags & tsModule.TypeFlags.StringLike) !== 0 || /^(Buffer|Uint8Array)$/.test(part.getSymbol()?.getName() ?? ""),
  );
}
