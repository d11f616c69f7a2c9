import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type * as ts from "typescript";
import { ASTUtils, AST_NODE_TYPES, ESLintUtils } from "@typescript-eslint/utils";
import {
  PRISMA_RAW_SQL_METHODS,
  PRISMA_WRITE_METHODS,
  findSecretSqlWrites,
  looksLikeSqlWrite,
  writeDataKeys,
  type SecretEntry,
  type SecretRegistry,
} from "@secret-guardrails/core";
import { createRule } from "../utils/create-rule.js";
import { getRegistry } from "../utils/registry.js";
import { isNullish, memberName, propertyName, settingsDelegateCall, staticKeyName, unwrap } from "../utils/ast.js";
import { InputShapeResolver, secretsInShape } from "../utils/input-shape.js";

export type Options = [
  {
    /** Report request input (spreads, `data: input`) whose validated shape can hold a secret. */
    checkRequestInput?: boolean;
    /** Report raw SQL (`$executeRaw`, `Prisma.sql`) that sets a secret column of a settings table. */
    checkRawSql?: boolean;
  },
];

export type MessageIds = "secretWrite" | "unfilteredInput" | "unprovableKeys" | "secretSqlWrite" | "removeSecretProperty";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Scope = TSESLint.Scope.Scope;

export default createRule<Options, MessageIds>({
  name: "no-secret-settings-write",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow writing runtime secrets into the settings table",
      recommended: true,
      requiresTypeChecking: false,
      category: "secret-settings-write",
    },
    hasSuggestions: true,
    messages: {
      secretWrite:
        "'{{secret}}' is written into the {{model}} settings table. Runtime secrets come from the environment ({{envVar}}); drop the field from this write (setting it to null to clear a legacy value is allowed).",
      unfilteredInput:
        "Unfiltered request input that can hold {{secrets}} is written into the {{model}} settings table. Runtime secrets come from the environment ({{envVars}}); write only the non-secret fields (destructure the secrets away or use a schema without them).",
      unprovableKeys:
        "The keys written into the {{model}} settings table here cannot be resolved statically, so they cannot be proven free of runtime secrets ({{secrets}}). Write the settings fields with static keys and leave the secrets to the environment.",
      secretSqlWrite:
        "Raw SQL writes {{secrets}} into the {{model}} settings table. Runtime secrets come from the environment ({{envVars}}); drop the column from this statement (SET it to NULL to clear a legacy value is allowed).",
      removeSecretProperty: "Remove '{{secret}}' from this write.",
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkRequestInput: {
            type: "boolean",
            description:
              "Report request input (spreads, `data: input`, `Object.assign`) whose validated shape can hold a registered secret.",
          },
          checkRawSql: {
            type: "boolean",
            description: "Report raw SQL (`$executeRaw`, `Prisma.sql`, `sql` tags) that sets a secret column of a settings table.",
          },
        },
      },
    ],
    defaultOptions: [{ checkRequestInput: true, checkRawSql: true }],
  },
  create(context, [options]) {
    const registry = getRegistry(context);
    const { sourceCode } = context;
    const allSecretFields = registry.secrets.map((secret) => secret.field);
    const reported = new Set<string>();
    let inputShapes: InputShapeResolver | undefined;
    let types: TypeQuery | null | undefined;

    const shapes = (): InputShapeResolver => (inputShapes ??= new InputShapeResolver(sourceCode));
    const typeQuery = (): TypeQuery | null => (types === undefined ? (types = createTypeQuery(context)) : types);

    function report(
      node: TSESTree.Node,
      messageId: Exclude<MessageIds, "removeSecretProperty">,
      data: Record<string, string>,
      suggest?: TSESLint.ReportSuggestionArray<MessageIds>,
    ): void {
      const key = `${node.range[0]}:${node.range[1]}:${messageId}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ node, messageId, data, ...(suggest ? { suggest } : {}) });
    }

    /** Checks the value written by one data argument (`data`, an upsert's `create` / `update`). */
    function checkData(node: TSESTree.Node, model: string, overridden: ReadonlySet<string>, depth = 0): void {
      if (depth > 8) return;
      const target = unwrap(node);
      switch (target.type) {
        case AST_NODE_TYPES.ObjectExpression:
          checkObject(target, model, overridden, depth);
          return;
        case AST_NODE_TYPES.ArrayExpression:
          // `createMany({ data: [{...}, {...}] })`
          for (const element of target.elements) {
            if (!element) continue;
            if (element.type === AST_NODE_TYPES.SpreadElement) checkInput(element.argument, element, model, overridden);
            else checkData(element, model, overridden, depth + 1);
          }
          return;
        case AST_NODE_TYPES.ConditionalExpression:
          checkData(target.consequent, model, overridden, depth + 1);
          checkData(target.alternate, model, overridden, depth + 1);
          return;
        case AST_NODE_TYPES.LogicalExpression:
          checkData(target.left, model, overridden, depth + 1);
          checkData(target.right, model, overridden, depth + 1);
          return;
        case AST_NODE_TYPES.CallExpression:
          if (isGlobalCall(target, "Object", "assign")) {
            target.arguments.forEach((argument, index) => {
              const later = union(overridden, staticKeysOf(target.arguments.slice(index + 1)));
              if (argument.type === AST_NODE_TYPES.SpreadElement) checkInput(argument.argument, argument, model, later);
              else checkData(argument, model, later, depth + 1);
            });
            return;
          }
          if (isGlobalCall(target, "Object", "fromEntries")) {
            checkFromEntries(target, model, overridden);
            return;
          }
          checkInput(target, target, model, overridden);
          return;
        case AST_NODE_TYPES.Identifier: {
          const local = localDataVariable(target);
          if (local) {
            checkData(local.init, model, overridden, depth + 1);
            checkMutations(local.variable, model);
            return;
          }
          checkInput(target, target, model, overridden);
          return;
        }
        default:
          checkInput(target, target, model, overridden);
      }
    }

    function checkObject(
      object: TSESTree.ObjectExpression,
      model: string,
      overridden: ReadonlySet<string>,
      depth: number,
    ): void {
      const scope = sourceCode.getScope(object);
      const keys = object.properties.map((property) =>
        property.type === AST_NODE_TYPES.Property ? propertyName(property, scope) : undefined,
      );
      object.properties.forEach((property, index) => {
        // A property written later in the same literal wins over an earlier spread or property.
        const later = union(overridden, keys.slice(index + 1));
        if (property.type === AST_NODE_TYPES.SpreadElement) {
          const argument = unwrap(property.argument);
          if (
            argument.type === AST_NODE_TYPES.ObjectExpression ||
            argument.type === AST_NODE_TYPES.ConditionalExpression ||
            argument.type === AST_NODE_TYPES.LogicalExpression
          ) {
            checkData(argument, model, later, depth + 1);
          } else {
            checkInput(property.argument, property, model, later);
          }
          return;
        }
        const key = keys[index];
        if (key === undefined) {
          if (writesValue(property.value, scope)) report(property, "unprovableKeys", unprovableData(model));
          return;
        }
        if (later.has(key)) return;
        const secret = registry.secret(key);
        if (!secret || !writesValue(property.value, scope)) return;
        report(property, "secretWrite", secretData(secret, model), [
          {
            messageId: "removeSecretProperty",
            data: { secret: secret.field },
            fix: (fixer) => removeProperty(fixer, property, object, sourceCode),
          },
        ]);
      });
    }

    /** Request input spread or passed as data: report when its shape can hold a secret. */
    function checkInput(
      expression: TSESTree.Node,
      reportNode: TSESTree.Node,
      model: string,
      overridden: ReadonlySet<string>,
    ): void {
      if (!options.checkRequestInput) return;
      const shape = shapes().shapeOf(expression);
      if (shape.kind === "none") return;
      let secrets: string[];
      if (shape.kind === "known") {
        secrets = secretsInShape(shape, (key) => registry.secret(key) !== undefined, allSecretFields);
      } else {
        // Unknown shape: only type information can tell (the cross-file checker covers the rest).
        const removed = union(shape.removed, overridden);
        if (allSecretFields.every((field) => removed.has(field))) return;
        const query = typeQuery();
        if (!query) return;
        secrets = query.secretKeys(expression, registry).filter((key) => !shape.removed.has(key));
      }
      const entries = unique(
        secrets.filter((key) => !overridden.has(key)).map((key) => registry.secret(key)!),
      );
      if (entries.length === 0) return;
      report(reportNode, "unfilteredInput", {
        secrets: entries.map((entry) => `'${entry.field}'`).join(", "),
        model,
        envVars: entries.flatMap((entry) => entry.envVars).join(", "),
        ...singleSecret(entries),
      });
    }

    /** `Object.fromEntries([["key", value]])`: static pairs are checked, anything else is unprovable. */
    function checkFromEntries(call: TSESTree.CallExpression, model: string, overridden: ReadonlySet<string>): void {
      const entries = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      const scope = sourceCode.getScope(call);
      if (entries && clearsEveryKey(entries, scope)) return;
      if (entries?.type !== AST_NODE_TYPES.ArrayExpression) {
        report(call, "unprovableKeys", unprovableData(model));
        return;
      }
      for (const entry of entries.elements) {
        const pair = entry ? unwrap(entry) : undefined;
        if (pair?.type !== AST_NODE_TYPES.ArrayExpression || !pair.elements[0] || !pair.elements[1]) {
          report(entry ?? call, "unprovableKeys", unprovableData(model));
          continue;
        }
        const [keyNode, value] = pair.elements;
        if (keyNode.type === AST_NODE_TYPES.SpreadElement || value.type === AST_NODE_TYPES.SpreadElement) {
          report(pair, "unprovableKeys", unprovableData(model));
          continue;
        }
        const key = staticKeyName(keyNode, true, scope);
        if (key === undefined) {
          if (writesValue(value, scope)) report(pair, "unprovableKeys", unprovableData(model));
          continue;
        }
        const secret = registry.secret(key);
        if (secret && !overridden.has(key) && writesValue(value, scope)) report(pair, "secretWrite", secretData(secret, model));
      }
    }

    /** `KEYS.map((key) => [key, null])`: whatever the keys, every value clears a column (a cleanup). */
    function clearsEveryKey(entries: TSESTree.Node, scope: TSESLint.Scope.Scope): boolean {
      if (entries.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = unwrap(entries.callee);
      const mapper = entries.arguments[0];
      if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee, scope) !== "map") return false;
      if (mapper?.type !== AST_NODE_TYPES.ArrowFunctionExpression) return false;
      const pair = mapper.body.type === AST_NODE_TYPES.BlockStatement ? undefined : unwrap(mapper.body);
      const value = pair?.type === AST_NODE_TYPES.ArrayExpression ? pair.elements[1] : undefined;
      return value !== undefined && value !== null && value.type !== AST_NODE_TYPES.SpreadElement && isNullish(value);
    }

    /** Writes into a local data object after it was built: `data.x = v`, `data[k] = v`, `Object.assign(data, ...)`, `Reflect.set(data, k, v)`. */
    function checkMutations(variable: TSESLint.Scope.Variable, model: string): void {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const identifier = reference.identifier as TSESTree.Node;
        const parent = identifier.parent;
        if (!parent) continue;
        const scope = sourceCode.getScope(identifier);
        if (
          parent.type === AST_NODE_TYPES.MemberExpression &&
          parent.object === identifier &&
          parent.parent?.type === AST_NODE_TYPES.AssignmentExpression &&
          parent.parent.left === parent
        ) {
          const assignment = parent.parent;
          const key = memberName(parent, scope);
          if (!writesValue(assignment.right, scope) && assignment.operator === "=") continue;
          if (key === undefined) report(assignment, "unprovableKeys", unprovableData(model));
          else if (registry.secret(key)) report(assignment, "secretWrite", secretData(registry.secret(key)!, model));
          continue;
        }
        if (parent.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== identifier) continue;
        if (isGlobalCall(parent, "Object", "assign")) {
          parent.arguments.slice(1).forEach((argument, index) => {
            const later = new Set(staticKeysOf(parent.arguments.slice(index + 2)));
            if (argument.type === AST_NODE_TYPES.SpreadElement) checkInput(argument.argument, argument, model, later);
            else checkData(argument, model, later, 1);
          });
        } else if (isGlobalCall(parent, "Reflect", "set")) {
          const [, keyNode, value] = parent.arguments;
          if (!keyNode || keyNode.type === AST_NODE_TYPES.SpreadElement) {
            report(parent, "unprovableKeys", unprovableData(model));
            continue;
          }
          if (value && value.type !== AST_NODE_TYPES.SpreadElement && !writesValue(value, scope)) continue;
          const key = staticKeyName(keyNode, true, scope);
          if (key === undefined) report(parent, "unprovableKeys", unprovableData(model));
          else if (registry.secret(key)) report(parent, "secretWrite", secretData(registry.secret(key)!, model));
        }
      }
    }

    /** A local `const data = { ... }` (or array / `Object.assign` / `Object.fromEntries`) passed as data. */
    function localDataVariable(
      identifier: TSESTree.Identifier,
    ): { variable: TSESLint.Scope.Variable; init: TSESTree.Expression } | undefined {
      const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
      if (!variable || variable.defs.length !== 1) return undefined;
      const def = variable.defs[0]!;
      if (def.type !== "Variable" || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
      if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
      const init = unwrap(def.node.init);
      const isBuilt =
        init.type === AST_NODE_TYPES.ObjectExpression ||
        init.type === AST_NODE_TYPES.ArrayExpression ||
        (init.type === AST_NODE_TYPES.CallExpression &&
          (isGlobalCall(init, "Object", "assign") || isGlobalCall(init, "Object", "fromEntries")));
      return isBuilt ? { variable, init: def.node.init } : undefined;
    }

    function checkWrite(call: TSESTree.CallExpression, method: string, delegate: TSESTree.Node): void {
      const args = call.arguments[0] ? objectLiteralOf(call.arguments[0]) : undefined;
      if (!args) return;
      const model = modelOfDelegate(delegate, registry, sourceCode);
      const scope = sourceCode.getScope(args);
      const dataKeys = writeDataKeys(method);
      for (const property of args.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = propertyName(property, scope);
        if (key !== undefined && dataKeys.includes(key)) checkData(property.value, model, new Set());
      }
    }

    /** The object literal of a call's argument, also through a local `const args = { ... }`. */
    function objectLiteralOf(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
      const target = unwrap(node);
      if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
      if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
      const local = localDataVariable(target);
      const init = local ? unwrap(local.init) : undefined;
      return init?.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
    }

    function checkSql(node: TSESTree.Node, text: string): void {
      if (!looksLikeSqlWrite(text)) return;
      for (const write of findSecretSqlWrites(text, registry)) {
        report(node, "secretSqlWrite", {
          secrets: write.secrets
            .map((secret) => (secret.column === secret.field ? `'${secret.field}'` : `'${secret.field}' (column "${secret.column}")`))
            .join(", "),
          model: write.model.name,
          envVars: write.secrets.flatMap((secret) => secret.envVars).join(", "),
          ...singleSecret(write.secrets),
        });
      }
    }

    function secretData(secret: SecretEntry, model: string): Record<string, string> {
      return { secret: secret.field, model, envVar: secret.envVars.join(" or ") };
    }

    function unprovableData(model: string): Record<string, string> {
      return { model, secrets: allSecretFields.map((field) => `'${field}'`).join(", ") };
    }

    /** Does writing `value` put something other than null/undefined into the column? */
    function writesValue(value: TSESTree.Node, scope: Scope): boolean {
      const target = unwrap(value);
      if (isNullish(target)) return false;
      if (target.type === AST_NODE_TYPES.ConditionalExpression) {
        return writesValue(target.consequent, scope) || writesValue(target.alternate, scope);
      }
      if (target.type === AST_NODE_TYPES.ObjectExpression) {
        // Prisma scalar update operations: `{ set: value }` writes the value, `{ unset: true }` clears.
        let hasOther = false;
        for (const property of target.properties) {
          if (property.type !== AST_NODE_TYPES.Property) return true;
          const key = propertyName(property, scope);
          if (key === "set") return writesValue(property.value, scope);
          if (key !== "unset") hasOther = true;
        }
        return hasOther;
      }
      if (target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression) {
        const constant = ASTUtils.getStaticValue(target, scope);
        if (constant && (constant.value === null || constant.value === undefined)) return false;
      }
      return true;
    }

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const name =
          !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
            ? callee.property.name
            : memberName(callee, sourceCode.getScope(node));
        if (name === undefined) return;
        if (PRISMA_WRITE_METHODS.has(name)) {
          const write = settingsDelegateCall(node, registry, sourceCode.getScope(node));
          if (write) checkWrite(node, write.method, write.delegate);
          return;
        }
        if (options.checkRawSql && PRISMA_RAW_SQL_METHODS.has(name) && node.arguments[0]) {
          // `$executeRawUnsafe("UPDATE ...")`; tagged templates are handled below.
          const text = sqlText(node.arguments[0]);
          if (text !== undefined) checkSql(node.arguments[0], text);
        }
      },
      TaggedTemplateExpression(node) {
        if (!options.checkRawSql || !isSqlTag(node.tag)) return;
        checkSql(node.quasi, templateSql(node.quasi));
      },
    };
  },
});

interface TypeQuery {
  /** Registered secret fields that the static type of `node` has as properties. */
  secretKeys(node: TSESTree.Node, registry: SecretRegistry): string[];
}

/** Type information when the file is linted with `parserOptions.projectService` (or `project`), else null. */
function createTypeQuery(context: Context): TypeQuery | null {
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
  const parserServices = ESLintUtils.getParserServices(context, true);
  if (!parserServices.program) return null;
  const { program, getTypeAtLocation } = parserServices;
  const checker = program.getTypeChecker();
  return {
    secretKeys(node, registry) {
      const found = new Set<string>();
      const visit = (type: ts.Type, depth: number): void => {
        if (depth > 3) return;
        if (type.isUnion() || type.isIntersection()) {
          for (const part of type.types) visit(part, depth + 1);
          return;
        }
        if (checker.isArrayType(type) || checker.isTupleType(type)) {
          for (const element of checker.getTypeArguments(type as ts.TypeReference)) visit(element, depth + 1);
          return;
        }
        for (const property of type.getProperties()) {
          if (registry.secret(property.getName())) found.add(property.getName());
        }
      };
      visit(getTypeAtLocation(node), 0);
      return [...found];
    },
  };
}

/** The settings model a delegate expression stands for (`ctx.db.systemSettings`, an alias of it). */
function modelOfDelegate(delegate: TSESTree.Node, registry: SecretRegistry, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const fallback = registry.settingsModels[0]?.name ?? "settings";
  let target = unwrap(delegate);
  for (let hops = 0; hops < 5; hops++) {
    const scope = sourceCode.getScope(target);
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(target, scope);
      return registry.settingsModels.find((model) => model.delegate === name)?.name ?? fallback;
    }
    if (target.type !== AST_NODE_TYPES.Identifier) return fallback;
    const variable = ASTUtils.findVariable(scope, target);
    const def = variable?.defs[0];
    if (def?.type !== "Variable" || !def.node.init) return fallback;
    if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
      const name = target.name;
      const property = def.node.id.properties.find(
        (p): p is TSESTree.ObjectPatternProperty =>
          p.type === AST_NODE_TYPES.Property && p.value.type === AST_NODE_TYPES.Identifier && p.value.name === name,
      );
      const key = property ? staticKeyName(property.key, property.computed, scope) : undefined;
      return registry.settingsModels.find((model) => model.delegate === key)?.name ?? fallback;
    }
    target = unwrap(def.node.init);
  }
  return fallback;
}

/** `Object.assign(...)`, `Reflect.set(...)` on the global objects (not a local shadowing them). */
function isGlobalCall(call: TSESTree.CallExpression, object: string, method: string): boolean {
  const callee = unwrap(call.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === object &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === method
  );
}

/** Static keys of object literal arguments (`Object.assign(a, { k: v })`): they override earlier sources. */
function staticKeysOf(nodes: readonly TSESTree.Node[]): string[] {
  const keys: string[] = [];
  for (const node of nodes) {
    const target = unwrap(node);
    if (target.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of target.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = staticKeyName(property.key, property.computed, undefined);
      if (key !== undefined) keys.push(key);
    }
  }
  return keys;
}

/** `prisma.$executeRaw\`...\``, `Prisma.sql\`...\``, `sql\`...\``. */
function isSqlTag(tag: TSESTree.Node): boolean {
  const target = unwrap(tag);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name === "sql";
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return false;
  if (target.property.type !== AST_NODE_TYPES.Identifier) return false;
  return PRISMA_RAW_SQL_METHODS.has(target.property.name) || target.property.name === "sql";
}

/** The statement text of a template, each interpolation replaced by `$1`, `$2`, ... */
function templateSql(template: TSESTree.TemplateLiteral): string {
  return template.quasis.map((quasi, index) => (index === 0 ? "" : `$${index}`) + quasi.value.cooked).join("");
}

/** The statement text of a `$executeRawUnsafe` argument: a string literal or a template. */
function sqlText(node: TSESTree.Node): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.Literal && typeof target.value === "string") return target.value;
  if (target.type === AST_NODE_TYPES.TemplateLiteral) return templateSql(target);
  return undefined;
}

/**
 * Removes `property` from `object`: its whole line(s) when it sits on lines of its own, else the
 * property with the comma after it (or before it, when it is the last one).
 */
function removeProperty(
  fixer: TSESLint.RuleFixer,
  property: TSESTree.Property,
  object: TSESTree.ObjectExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.RuleFix {
  const text = sourceCode.text;
  const after = sourceCode.getTokenAfter(property);
  const before = sourceCode.getTokenBefore(property);
  const hasComma = after?.value === "," && after.type === "Punctuator";
  const end = hasComma ? after.range[1] : property.range[1];
  const lineStart = property.range[0] - property.loc.start.column;
  const lineEnd = text.indexOf("\n", end);
  const ownLine =
    text.slice(lineStart, property.range[0]).trim() === "" &&
    (lineEnd === -1 ? text.slice(end) : text.slice(end, lineEnd)).trim() === "";
  if (ownLine) return fixer.removeRange([lineStart, lineEnd === -1 ? text.length : lineEnd + 1]);
  if (hasComma) {
    const next = sourceCode.getTokenAfter(after, { includeComments: true });
    return fixer.removeRange([property.range[0], next ? next.range[0] : end]);
  }
  if (before?.value === "," && object.properties.length > 1) return fixer.removeRange([before.range[0], property.range[1]]);
  return fixer.replaceText(object, "{}");
}

/** `{ secret }` when a report concerns exactly one secret (the CLI reads `data.secret` into the finding). */
function singleSecret(secrets: readonly SecretEntry[]): { secret?: string } {
  return secrets.length === 1 ? { secret: secrets[0]!.field } : {};
}

function union(a: ReadonlySet<string>, b: Iterable<string | undefined>): ReadonlySet<string> {
  const result = new Set(a);
  for (const item of b) if (item !== undefined) result.add(item);
  return result;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
