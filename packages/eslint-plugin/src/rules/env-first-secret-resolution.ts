import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from "@typescript-eslint/utils";
import type * as ts from "typescript";
import { ASTUtils, AST_NODE_TYPES, ESLintUtils } from "@typescript-eslint/utils";
import {
  PRESENCE_FUNCTIONS,
  PRISMA_RAW_SQL_METHODS,
  PRISMA_READ_METHODS,
  PRISMA_WRITE_METHODS,
  isJsonResponseCall,
  isRequestInputName,
  looksLikeSecretName,
  type SecretEntry,
} from "@secret-guardrails/core";
import { createRule } from "../utils/create-rule.js";
import { getRegistry } from "../utils/registry.js";
import {
  envReadName,
  isEnvObject,
  isFunction,
  memberName,
  rootIdentifier,
  settingsDelegateCall,
  staticKeyName,
  unwrap,
  walk,
} from "../utils/ast.js";

export type Options = [
  {
    /** Report a settings-row secret handed to a consumer with no environment read at all. */
    checkDbOnlyUse?: boolean;
  },
];

export type MessageIds = "dbBeforeEnv" | "envOnlyDestructuringDefault" | "dbOnlySecret";

type Scope = TSESLint.Scope.Scope;
type Polarity = "present" | "absent";

export default createRule<Options, MessageIds>({
  name: "env-first-secret-resolution",
  meta: {
    type: "problem",
    docs: {
      description: "Require runtime secrets to be resolved from the environment before any legacy settings-row value",
      recommended: true,
      requiresTypeChecking: false,
      category: "db-before-env",
    },
    fixable: "code",
    messages: {
      dbBeforeEnv:
        "The legacy database value of '{{secret}}' wins over {{envVar}}. Read the environment first and fall back to the database: `process.env.{{envVar}} ?? <db value>`.",
      envOnlyDestructuringDefault:
        "'{{secret}}' is destructured from a database row with {{envVar}} only as its default, so the legacy database value wins. Read the environment first: `const {{secret}} = process.env.{{envVar}} ?? <row>.{{secret}}`.",
      dbOnlySecret:
        "'{{secret}}' is used straight from the database; its environment variable {{envVar}} is never read. Resolve it from the environment first: `process.env.{{envVar}} ?? <db value>`.",
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkDbOnlyUse: {
            type: "boolean",
            description:
              "Also report a settings-row secret passed to a call or `new` (directly, via `?? fallback`, or inside an object argument) when its environment variable is not read in that function or at the module's top level.",
          },
        },
      },
    ],
    defaultOptions: [{ checkDbOnlyUse: true }],
  },
  create(context, [options]) {
    const registry = getRegistry(context);
    const { sourceCode } = context;
    const checkDbOnlyUse = options.checkDbOnlyUse !== false;
    const envNamesByOwner = new Map<TSESTree.Node, ReadonlySet<string>>();
    const reported = new Set<TSESTree.Node>();
    const modelNames = registry.settingsModels.map((model) => model.name);
    let types: TypeQuery | null | undefined;

    /** Type information when the project runs with `parserOptions.projectService`, else null. */
    function typeQuery(): TypeQuery | null {
      if (types === undefined) {
        const services = ESLintUtils.getParserServices(context, true);
        types = services.program
          ? { checker: services.program.getTypeChecker(), services: services as ParserServicesWithTypeInformation }
          : null;
      }
      return types;
    }

    /** The registered secret a member expression reads from a (plausible) settings row, if any. */
    function dbSecretRead(node: TSESTree.Node, scope: Scope): SecretEntry | undefined {
      const target = unwrap(node);
      if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const name = quickMemberName(target) ?? (target.computed ? memberName(target, scope) : undefined);
      const secret = name === undefined ? undefined : registry.secret(name);
      if (!secret || !isRowObject(target.object, scope)) return undefined;
      return secret;
    }

    /**
     * Can `object` be a settings row? Not an env object, not request input (also parsed:
     * `schema.parse(body)`, `await req.json()`), not caller options, not `this`, not an import, not a
     * local built from an object literal or the env. A call's result (`await getSettings()`) can be.
     */
    function isRowObject(object: TSESTree.Node, scope: Scope, depth = 0): boolean {
      let target = stripAwait(object);
      while (target.type === AST_NODE_TYPES.MemberExpression) {
        if (isEnvLike(target, scope)) return false;
        const name = quickMemberName(target);
        if (name !== undefined && isRequestInputName(name)) return false;
        target = stripAwait(target.object);
      }
      switch (target.type) {
        case AST_NODE_TYPES.ThisExpression:
          return false;
        case AST_NODE_TYPES.ObjectExpression:
          // A literal holds literals or env values; a spread of a row (`{ ...row }`) still is one.
          return target.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
        case AST_NODE_TYPES.CallExpression: {
          const callee = unwrap(target.callee);
          const method = callee.type === AST_NODE_TYPES.MemberExpression ? quickMemberName(callee) : undefined;
          if (method !== undefined && INPUT_PARSE_METHODS.has(method)) return false;
          if (target.arguments.some((argument) => isEnvLike(argument, scope))) return false;
          const root = rootIdentifier(callee);
          return !(root && isRequestInputName(root.name));
        }
        case AST_NODE_TYPES.Identifier:
          break;
        default:
          return true;
      }
      const variable = ASTUtils.findVariable(scope, target.name);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const init = def?.type === "Variable" ? def.node.init : null;
      // `const data = await prisma.systemSettings.findUnique(...)`: a row, whatever its name.
      if (init && readsSettingsModel(init, scope)) return true;
      if (isEnvLike(target, scope) || isRequestInputName(target.name) || NON_ROW_NAMES.test(target.name)) return false;
      if (def?.type === "ImportBinding") return false;
      if (!init || def?.type !== "Variable" || def.node.id.type !== AST_NODE_TYPES.Identifier) return true;
      if (hasEnvRead(init, scope)) return false;
      return depth >= 3 || isRowObject(init, scope, depth + 1);
    }

    /** Does `node` call a settings delegate (`prisma.systemSettings.findUnique(...)`, `tx.systemSettings...`)? */
    function readsSettingsModel(node: TSESTree.Node, scope: Scope): boolean {
      let found = false;
      walk(node, (child) => {
        if (found || isFunction(child)) return false;
        if (child.type === AST_NODE_TYPES.CallExpression && settingsDelegateCall(child, registry, scope)) found = true;
        return !found;
      });
      return found;
    }

    /**
     * Positive evidence that `object` is a settings row, required for `dbOnlySecret` (the weakest
     * signal): a settings-like name on the way (`settings`, `config`, `legacy`, `row`, the model or
     * delegate name), a settings-delegate read or settings-named getter as its initialiser, or a
     * parameter typed with a settings model (`settings: Pick<SystemSettings, "x">`).
     */
    function looksLikeSettingsRow(object: TSESTree.Node, scope: Scope, depth = 0): boolean {
      let target = stripAwait(object);
      while (target.type === AST_NODE_TYPES.MemberExpression) {
        if (isSettingsName(quickMemberName(target))) return true;
        target = stripAwait(target.object);
      }
      if (target.type === AST_NODE_TYPES.CallExpression) {
        if (readsSettingsModel(target, scope)) return true;
        let callee = unwrap(target.callee);
        while (callee.type === AST_NODE_TYPES.MemberExpression) {
          if (isSettingsName(quickMemberName(callee))) return true;
          callee = unwrap(callee.object);
        }
        return callee.type === AST_NODE_TYPES.Identifier && isSettingsName(callee.name);
      }
      if (target.type !== AST_NODE_TYPES.Identifier) return false;
      if (isSettingsName(target.name)) return true;
      const variable = ASTUtils.findVariable(scope, target.name);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!def) return false;
      const annotation = def.name.type === AST_NODE_TYPES.Identifier ? def.name.typeAnnotation : undefined;
      if (annotation && mentionsSettingsModel(sourceCode.getText(annotation))) return true;
      if (def.type !== "Variable" || !def.node.init || depth >= 3) return false;
      return looksLikeSettingsRow(def.node.init, scope, depth + 1);
    }

    function isSettingsName(name: string | undefined): boolean {
      if (name === undefined) return false;
      return SETTINGS_WORDS.test(name) || ROW_NAME.test(name) || registry.isSettingsDelegate(name) || modelNames.includes(name);
    }

    function mentionsSettingsModel(typeText: string): boolean {
      return SETTINGS_WORDS.test(typeText) || ROW_NAME.test(typeText) || modelNames.some((name) => typeText.includes(name));
    }

    /** With type information: can this member hold a secret value (string-like), or is it something else? */
    function mayHoldSecretValue(node: TSESTree.Node): boolean {
      const query = typeQuery();
      if (!query) return true;
      const { checker, services } = query;
      const type = checker.getNonNullableType(services.getTypeAtLocation(node));
      const parts = type.isUnion() ? type.types : [type];
      const stringType = checker.getStringType();
      return parts.some((part) => {
        if (part.isTypeParameter()) return true;
        if (checker.isTypeAssignableTo(stringType, part) || checker.isTypeAssignableTo(part, stringType)) return true;
        const symbolName = (part as ts.Type).getSymbol()?.getName();
        return symbolName === "Buffer" || symbolName === "Uint8Array";
      });
    }

    /**
     * An env object: `process.env`, an imported validated env, or any binding named like one
     * (`envObjects`, default `env`), such as the `env` parameter of a Workers `fetch(request, env)`.
     */
    function isEnvLike(node: TSESTree.Node, scope: Scope): boolean {
      const target = unwrap(node);
      return isEnvObject(target, registry, scope) || (target.type === AST_NODE_TYPES.Identifier && registry.envObjects.includes(target.name));
    }

    /**
     * The env var `node` reads: `process.env.X`, `env.X`, `const { X } = process.env`, and one hop
     * through a `const` (`const fromEnv = process.env.X`, `const fromEnv = process.env.X ?? ""`).
     */
    function envReadOf(node: TSESTree.Node, scope: Scope): string | undefined {
      const target = unwrap(node);
      if (target.type === AST_NODE_TYPES.Identifier && isStaticKey(target)) return undefined;
      const direct = envReadName(target, registry, scope);
      if (direct !== undefined) return direct;
      if (target.type === AST_NODE_TYPES.MemberExpression && isEnvLike(target.object, scope)) {
        return memberName(target, scope) ?? "*";
      }
      if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = ASTUtils.findVariable(scope, target.name);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== "Variable" || def.parent.kind !== "const" || !def.node.init) return undefined;
      if (def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
      return envReadName(firstOperand(def.node.init), registry, scope);
    }

    /** Does any node inside `node` read the environment (any variable)? Stops at nested functions. */
    function hasEnvRead(node: TSESTree.Node | null | undefined, scope: Scope): boolean {
      return findEnvRead(node, scope, () => true);
    }

    /** Does `node` read an environment variable that plausibly holds `secret`'s value? */
    function readsEnvFor(node: TSESTree.Node | null | undefined, secret: SecretEntry, scope: Scope): boolean {
      if (node && envReadOf(node, scope) !== undefined) return true;
      return findEnvRead(node, scope, (name) => isSecretEnvName(name, secret));
    }

    function findEnvRead(node: TSESTree.Node | null | undefined, scope: Scope, accept: (name: string) => boolean): boolean {
      if (!node) return false;
      let found = false;
      walk(node, (child) => {
        if (found) return false;
        const name = envReadOf(child, scope);
        if (name !== undefined) {
          if (accept(name)) found = true;
          return false;
        }
        return !isFunction(child);
      });
      return found;
    }

    function isSecretEnvName(name: string, secret: SecretEntry): boolean {
      return name === "*" || secret.envVars.includes(name) || registry.secretForEnvVar(name) !== undefined || looksLikeSecretName(name);
    }

    function report(messageId: MessageIds, node: TSESTree.Node, secret: SecretEntry, fix?: TSESLint.ReportFixFunction): void {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({
        node,
        messageId,
        data: { secret: secret.field, envVar: secret.envVars[0] ?? "" },
        ...(fix ? { fix } : {}),
      });
    }

    /**
     * Follows the value of a DB read up the tree and reports the first shape that lets it win over
     * the env. `reportNode` is the DB read (or the destructured property); `derived`: the value is
     * already a call's result (`decrypt(row.x)`); `hop`: the value came through a local variable.
     * Returns whether it reported, saw an env read next to the value (nothing to report), or neither.
     */
    function analyse(
      reportNode: TSESTree.Node,
      start: TSESTree.Node,
      secret: SecretEntry,
      scope: Scope,
      derived: boolean,
      hop: boolean,
    ): "reported" | "envNearby" | "none" {
      let expr = climbWrappers(start);
      let composite = false;
      let direct = !derived && !hop && reportNode.type === AST_NODE_TYPES.MemberExpression;
      for (;;) {
        const parent = expr.parent;
        if (!parent) return "none";
        switch (parent.type) {
          case AST_NODE_TYPES.LogicalExpression: {
            if (parent.operator === "&&") return "none";
            const chain = logicalChain(parent);
            const index = chain.operands.indexOf(expr);
            if (index < 0) return "none";
            if (chain.operands.slice(0, index).some((operand) => hasEnvRead(operand, scope))) return "envNearby";
            if (isPresenceTest(climbWrappers(chain.top))) return "none";
            const envIndex = chain.operands.findIndex((operand, k) => k > index && readsEnvFor(operand, secret, scope));
            if (envIndex >= 0 && !composite) {
              report("dbBeforeEnv", reportNode, secret, direct ? chainFix(chain.operands, index, envIndex, scope) : undefined);
              return "reported";
            }
            if (chain.operands.some((operand) => hasEnvRead(operand, scope))) return "envNearby";
            expr = climbWrappers(chain.top);
            direct = false;
            continue;
          }
          case AST_NODE_TYPES.ConditionalExpression: {
            if (parent.test === expr) return "none";
            const other = parent.consequent === expr ? parent.alternate : parent.consequent;
            if (!hasEnvRead(parent.test, scope)) {
              const polarity = testPolarity(parent.test, secret, scope);
              const winner = polarity === "present" ? parent.consequent : polarity === "absent" ? parent.alternate : undefined;
              if (winner === expr && readsEnvFor(other, secret, scope)) {
                report("dbBeforeEnv", reportNode, secret);
                return "reported";
              }
            }
            if (hasEnvRead(parent.test, scope) || hasEnvRead(other, scope)) return "envNearby";
            expr = climbWrappers(parent);
            direct = false;
            continue;
          }
          case AST_NODE_TYPES.AwaitExpression:
            expr = climbWrappers(parent);
            continue;
          case AST_NODE_TYPES.MemberExpression: {
            // `row.x.trim()`, `row.x?.toString()`: still the secret's value.
            const call = parent.parent;
            const method = parent.object === expr ? quickMemberName(parent) : undefined;
            if (parent.computed || method === undefined || !TRANSPARENT_METHODS.has(method)) return "none";
            if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return "none";
            expr = climbWrappers(call);
            direct = false;
            continue;
          }
          case AST_NODE_TYPES.ReturnStatement:
            if (composite || !winsOverEnvByReturn(parent, secret, scope)) return "none";
            report("dbBeforeEnv", reportNode, secret);
            return "reported";
          case AST_NODE_TYPES.AssignmentExpression:
            if (composite || parent.right !== expr || !winsOverEnvByAssignment(parent, secret, scope)) return "none";
            report("dbBeforeEnv", reportNode, secret);
            return "reported";
          case AST_NODE_TYPES.VariableDeclarator:
            if (hop || composite || parent.init !== expr || parent.id.type !== AST_NODE_TYPES.Identifier) return "none";
            return followBinding(parent.id, reportNode, secret, derived);
          case AST_NODE_TYPES.Property:
            if (derived || parent.value !== expr || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return "none";
            expr = climbWrappers(parent.parent);
            composite = true;
            direct = false;
            continue;
          case AST_NODE_TYPES.ArrayExpression:
          case AST_NODE_TYPES.TemplateLiteral:
            if (derived) return "none";
            expr = climbWrappers(parent);
            composite = true;
            direct = false;
            continue;
          case AST_NODE_TYPES.CallExpression:
          case AST_NODE_TYPES.NewExpression: {
            if (derived || !parent.arguments.includes(expr as TSESTree.CallExpressionArgument) || !isConsumer(parent, scope)) {
              return "none";
            }
            // `decrypt(row.x) ?? process.env.X`: a value derived from the DB read can win over the env too.
            const result = composite ? "none" : analyse(reportNode, parent, secret, scope, true, hop);
            if (result !== "none") return result;
            if (!checkDbOnlyUse || functionReadsEnvOf(parent, secret, scope) || !dbOnlyEvidence(reportNode)) return "none";
            report("dbOnlySecret", reportNode, secret);
            return "reported";
          }
          default:
            return "none";
        }
      }
    }

    /** `looksLikeSettingsRow` for the object a DB read (or a destructured property) comes from. */
    function dbOnlyEvidence(reportNode: TSESTree.Node): boolean {
      const scope = sourceCode.getScope(reportNode);
      if (reportNode.type === AST_NODE_TYPES.MemberExpression) return looksLikeSettingsRow(reportNode.object, scope);
      const declarator = reportNode.parent?.parent;
      return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init !== null
        ? looksLikeSettingsRow(declarator.init, scope)
        : false;
    }

    /**
     * One hop through a local variable that holds the DB value (`const key = row.x`,
     * `const { x } = row`): `key ??= process.env.X` and `if (!key) key = process.env.X` let the DB
     * value win; every read of the variable is analysed like the DB read itself.
     */
    function followBinding(
      id: TSESTree.Identifier,
      reportNode: TSESTree.Node,
      secret: SecretEntry,
      derived: boolean,
    ): "reported" | "envNearby" | "none" {
      const variable = ASTUtils.findVariable(sourceCode.getScope(id), id);
      if (!variable) return "none";
      let overwritten = false;
      for (const reference of variable.references) {
        if (reference.init || !reference.isWrite()) continue;
        const assignment = reference.identifier.parent;
        if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || !readsEnvFor(assignment.right, secret, reference.from)) {
          overwritten = true;
          continue;
        }
        if (assignment.operator === "??=" || assignment.operator === "||=" || envFillsInForMissing(assignment, id, secret, reference.from)) {
          report("dbBeforeEnv", reportNode, secret);
          return "reported";
        }
        overwritten = true;
      }
      if (overwritten) return "none";
      for (const reference of variable.references) {
        if (!reference.isRead()) continue;
        if (analyse(reportNode, reference.identifier, secret, reference.from, derived, true) === "reported") return "reported";
      }
      return "none";
    }

    /** `if (!key) key = process.env.X` where `key` holds the DB value. */
    function envFillsInForMissing(assignment: TSESTree.AssignmentExpression, id: TSESTree.Identifier, secret: SecretEntry, scope: Scope): boolean {
      if (assignment.operator !== "=" || assignment.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      const owner = enclosingIf(assignment.parent);
      if (!owner?.inConsequent) return false;
      const test = unwrap(owner.ifStatement.test);
      return testPolarity(test, secret, scope, id.name) === "absent";
    }

    /**
     * The polarity of an `if`/ternary test on `secret`'s DB value: "present" when the branch runs
     * with the DB value set, "absent" when it runs without it. `bound` names a local variable that
     * holds the DB value.
     */
    function testPolarity(test: TSESTree.Node, secret: SecretEntry, scope: Scope, bound?: string): Polarity | undefined {
      const target = unwrap(test);
      if (isDbValue(target, secret, scope, bound)) return "present";
      switch (target.type) {
        case AST_NODE_TYPES.UnaryExpression: {
          if (target.operator !== "!") return undefined;
          const inner = testPolarity(target.argument, secret, scope, bound);
          return inner === "present" ? "absent" : inner === "absent" ? "present" : undefined;
        }
        case AST_NODE_TYPES.CallExpression: {
          const callee = unwrap(target.callee);
          const argument = target.arguments[0];
          if (callee.type === AST_NODE_TYPES.Identifier && PRESENCE_FUNCTIONS.has(callee.name) && argument) {
            return testPolarity(argument, secret, scope, bound);
          }
          return undefined;
        }
        case AST_NODE_TYPES.BinaryExpression: {
          const negated = target.operator === "!=" || target.operator === "!==";
          if (!negated && target.operator !== "==" && target.operator !== "===") return undefined;
          const [read, other] = isDbValue(target.left, secret, scope, bound)
            ? [target.left, target.right]
            : [target.right, target.left];
          if (!isDbValue(read, secret, scope, bound) || !isEmptyValue(other)) return undefined;
          return negated ? "present" : "absent";
        }
        case AST_NODE_TYPES.LogicalExpression:
          if (target.operator !== "&&") return undefined;
          return testPolarity(target.left, secret, scope, bound) === "present" ||
            testPolarity(target.right, secret, scope, bound) === "present"
            ? "present"
            : undefined;
        default:
          return undefined;
      }
    }

    /** Is `node` the DB value of `secret`: a DB read, the variable `bound`, or a local bound to a DB read? */
    function isDbValue(node: TSESTree.Node, secret: SecretEntry, scope: Scope, bound?: string): boolean {
      const target = unwrap(node);
      if (target.type !== AST_NODE_TYPES.Identifier) return dbSecretRead(target, scope) === secret;
      if (target.name === bound) return true;
      const variable = ASTUtils.findVariable(scope, target.name);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== "Variable" || !def.node.init) return false;
      if (def.node.id.type === AST_NODE_TYPES.Identifier) return dbSecretRead(firstOperand(def.node.init), scope) === secret;
      if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !isRowObject(def.node.init, scope)) return false;
      return def.node.id.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          property.value.type === AST_NODE_TYPES.Identifier &&
          property.value.name === target.name &&
          registry.secret(staticKeyName(property.key, property.computed, scope) ?? "") === secret,
      );
    }

    /**
     * `if (row.x) return row.x; return process.env.X` (or `else return process.env.X`), and
     * `if (!row.x) return process.env.X; return row.x`: the returned DB read wins.
     */
    function winsOverEnvByReturn(statement: TSESTree.ReturnStatement, secret: SecretEntry, scope: Scope): boolean {
      const owner = enclosingIf(statement);
      if (owner) {
        const { ifStatement, inConsequent } = owner;
        if (hasEnvRead(ifStatement.test, scope) || envReturnsFirst(ifStatement, scope)) return false;
        const polarity = testPolarity(ifStatement.test, secret, scope);
        if (!polarity || (polarity === "present") !== inConsequent) return false;
        const fallback = inConsequent ? ifStatement.alternate : ifStatement.consequent;
        if (readsEnvFor(fallback, secret, scope)) return true;
        return inConsequent && laterSiblings(topOfElseChain(ifStatement)).some((next) => readsEnvFor(next, secret, scope));
      }
      // `if (!row.x) return process.env.X;` earlier in the same block.
      for (const previous of earlierSiblings(statement).reverse()) {
        if (previous.type !== AST_NODE_TYPES.IfStatement) continue;
        if (hasEnvRead(previous.test, scope)) {
          if (containsReturn(previous.consequent)) return false;
          continue;
        }
        if (testPolarity(previous.test, secret, scope) === "absent" && readsEnvFor(previous.consequent, secret, scope)) {
          return containsReturn(previous.consequent) && !envReturnsFirst(previous, scope);
        }
      }
      return false;
    }

    /** `let v = process.env.X; if (row.x) v = row.x;` (or `else v = process.env.X`): the DB value overrides. */
    function winsOverEnvByAssignment(assignment: TSESTree.AssignmentExpression, secret: SecretEntry, scope: Scope): boolean {
      if (assignment.operator !== "=" || assignment.left.type !== AST_NODE_TYPES.Identifier) return false;
      if (assignment.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      const owner = enclosingIf(assignment.parent);
      if (!owner) return false;
      const { ifStatement, inConsequent } = owner;
      if (hasEnvRead(ifStatement.test, scope)) return false;
      const polarity = testPolarity(ifStatement.test, secret, scope);
      if (!polarity || (polarity === "present") !== inConsequent) return false;
      const variable = ASTUtils.findVariable(scope, assignment.left);
      if (!variable) return false;
      // `if (!v && row.x) v = row.x`: a fallback only when the env value is empty.
      if (variable.references.some((reference) => within(reference.identifier, ifStatement.test))) return false;
      const fallback = inConsequent ? ifStatement.alternate : ifStatement.consequent;
      if (readsEnvFor(fallback, secret, scope)) return true;
      return variable.references.some(
        (reference) =>
          reference.isWrite() &&
          reference.writeExpr !== null &&
          reference.writeExpr !== undefined &&
          reference.writeExpr.range[1] <= ifStatement.range[0] &&
          readsEnvFor(reference.writeExpr, secret, scope),
      );
    }

    /** An earlier branch of the same block (or else-if chain) already returns the env value. */
    function envReturnsFirst(ifStatement: TSESTree.IfStatement, scope: Scope): boolean {
      let current: TSESTree.IfStatement = ifStatement;
      while (current.parent.type === AST_NODE_TYPES.IfStatement && current.parent.alternate === current) {
        current = current.parent;
        if (hasEnvRead(current.test, scope) && containsReturn(current.consequent)) return true;
      }
      return earlierSiblings(current).some(
        (previous) =>
          previous.type === AST_NODE_TYPES.IfStatement &&
          hasEnvRead(previous.test, scope) &&
          containsReturn(previous.consequent),
      );
    }

    /** Is this call or `new` a runtime consumer of the value (not a presence check, a write, a response, an assertion)? */
    function isConsumer(call: TSESTree.CallExpression | TSESTree.NewExpression, scope: Scope): boolean {
      const callee = unwrap(call.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        if (call.type === AST_NODE_TYPES.NewExpression && NON_CONSUMER_CLASSES.test(callee.name)) return false;
        return !NON_CONSUMER_FUNCTIONS.test(callee.name) && !PRESENCE_FUNCTIONS.has(callee.name);
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
      const method = memberName(callee, scope);
      if (method === undefined) return true;
      const object = unwrap(callee.object);
      const objectName =
        object.type === AST_NODE_TYPES.Identifier
          ? object.name
          : object.type === AST_NODE_TYPES.MemberExpression
            ? quickMemberName(object)
            : undefined;
      const root = rootIdentifier(callee)?.name;
      if (PRISMA_METHODS.has(method) || isJsonResponseCall(objectName, method)) return false;
      if (root !== undefined && NON_CONSUMER_OBJECTS.test(root)) return false;
      if (objectName === "JSON" || NON_CONSUMER_FUNCTIONS.test(method)) return false;
      return true;
    }

    /**
     * Does the function around `node`, or the module's top level, read one of `secret`'s env vars
     * (or the env dynamically)? Then the DB-only use may be a deliberate fallback path.
     */
    function functionReadsEnvOf(node: TSESTree.Node, secret: SecretEntry, scope: Scope): boolean {
      let owner: TSESTree.Node = node;
      while (owner.parent && !isFunction(owner)) owner = owner.parent;
      const names = [envNamesIn(owner, scope), envNamesIn(sourceCode.ast, scope)];
      return names.some((set) => set.has("*") || secret.envVars.some((name) => set.has(name)));
    }

    /** Env vars read inside a function (including nested ones), or at a module's top level (outside functions). */
    function envNamesIn(owner: TSESTree.Node, scope: Scope): ReadonlySet<string> {
      let names = envNamesByOwner.get(owner);
      if (!names) {
        const found = new Set<string>();
        const topLevel = owner.type === AST_NODE_TYPES.Program;
        walk(owner, (child) => {
          const name = envReadOf(child, scope);
          if (name !== undefined) {
            found.add(name);
            return false;
          }
          return !(topLevel && isFunction(child));
        });
        names = found;
        envNamesByOwner.set(owner, names);
      }
      return names;
    }

    /**
     * The fix for `row.x ?? process.env.X`: swap the DB read with the env operand right after it,
     * only when that reaches a fixed point in one pass (no other DB read and no later env read in
     * the chain) and both operands are side-effect free.
     */
    function chainFix(
      operands: readonly TSESTree.Node[],
      index: number,
      envIndex: number,
      scope: Scope,
    ): TSESLint.ReportFixFunction | undefined {
      if (envIndex !== index + 1) return undefined;
      if (operands.slice(envIndex + 1).some((operand) => hasEnvRead(operand, scope))) return undefined;
      const dbReads = operands.slice(0, envIndex).filter((operand) => containsSecretRead(operand, scope));
      if (dbReads.length !== 1) return undefined;
      const dbOperand = operands[index]!;
      const envOperand = operands[envIndex]!;
      if (!isSideEffectFree(dbOperand) || !isSideEffectFree(envOperand)) return undefined;
      const dbRange = parenthesizedRange(dbOperand);
      const envRange = parenthesizedRange(envOperand);
      const dbText = operandText(dbOperand, dbRange);
      const envText = operandText(envOperand, envRange);
      return (fixer) => [fixer.replaceTextRange(dbRange, envText), fixer.replaceTextRange(envRange, dbText)];
    }

    function containsSecretRead(node: TSESTree.Node, scope: Scope): boolean {
      let found = false;
      walk(node, (child) => {
        if (found) return false;
        if (child.type === AST_NODE_TYPES.MemberExpression && dbSecretRead(child, scope)) found = true;
        return !found;
      });
      return found;
    }

    /** The operand's range including its own parentheses. */
    function parenthesizedRange(node: TSESTree.Node): [number, number] {
      let depth = 0;
      while (ASTUtils.isParenthesized(depth + 1, node, sourceCode)) depth += 1;
      let first = sourceCode.getFirstToken(node)!;
      let last = sourceCode.getLastToken(node)!;
      for (let i = 0; i < depth; i += 1) {
        first = sourceCode.getTokenBefore(first)!;
        last = sourceCode.getTokenAfter(last)!;
      }
      return [first.range[0], last.range[1]];
    }

    /** The operand's text for its new place; `x as T` moves in parentheses so it keeps its precedence. */
    function operandText(node: TSESTree.Node, range: [number, number]): string {
      const text = sourceCode.text.slice(range[0], range[1]);
      const bare = range[0] === node.range[0] && range[1] === node.range[1];
      return bare && (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression)
        ? `(${text})`
        : text;
    }

    return {
      MemberExpression(node) {
        // Cheap bail-out first: only members named like a registered secret.
        const name = quickMemberName(node);
        if (name === undefined ? !node.computed : !registry.secret(name)) return;
        const scope = sourceCode.getScope(node);
        const secret = dbSecretRead(node, scope);
        if (!secret || !mayHoldSecretValue(node)) return;
        analyse(node, node, secret, scope, false, false);
      },
      // `const { smtpPassword } = row`: the local holds the DB value; follow it one hop.
      "VariableDeclarator > ObjectPattern > Property"(property: TSESTree.Property) {
        const declarator = property.parent.parent as TSESTree.VariableDeclarator;
        if (property.value.type !== AST_NODE_TYPES.Identifier || declarator.id !== property.parent || !declarator.init) return;
        const key = property.computed ? undefined : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
        const secret = key === undefined ? undefined : registry.secret(key);
        if (!secret) return;
        const scope = sourceCode.getScope(property);
        if (!isRowObject(declarator.init, scope) || !mayHoldSecretValue(property.value)) return;
        followBinding(property.value, property, secret, false);
      },
      "ObjectPattern > Property > AssignmentPattern"(node: TSESTree.AssignmentPattern) {
        const property = node.parent as TSESTree.Property;
        if (property.value !== node) return;
        const scope = sourceCode.getScope(node);
        const name = staticKeyName(property.key, property.computed, scope);
        const secret = name === undefined ? undefined : registry.secret(name);
        if (!secret || !readsEnvFor(node.right, secret, scope)) return;
        const source = destructuredSource(property.parent as TSESTree.ObjectPattern);
        if (!source || !isRowObject(source, scope)) return;
        report("envOnlyDestructuringDefault", property, secret);
      },
    };
  },
});

interface TypeQuery {
  readonly checker: ts.TypeChecker;
  readonly services: ParserServicesWithTypeInformation;
}

/** Every Prisma client method: their arguments are writes or filters (another rule's business). */
const PRISMA_METHODS: ReadonlySet<string> = new Set([
  ...PRISMA_WRITE_METHODS,
  ...PRISMA_READ_METHODS,
  ...PRISMA_RAW_SQL_METHODS,
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
]);

/** Calls that check, mask, assert, collect or log a value rather than use it as a credential. */
const NON_CONSUMER_FUNCTIONS =
  /^(?:(?:is|has)(?:[A-Z_].*)?|mask.*|redact.*|expect|assert.*|stringify|push|unshift|includes|indexOf|lastIndexOf)$/;
const NON_CONSUMER_OBJECTS = /^(?:expect|assert|console|logger|log)$/;
/** `new Response(...)` is a raw response (another rule's business); `new Error(...)` a message, not a credential. */
const NON_CONSUMER_CLASSES = /^(?:Response|NextResponse|\w*Error)$/;

/** Names that suggest a settings row (for `dbOnlySecret`, which has no env read to anchor it). */
const SETTINGS_WORDS = /settings?|config|legacy|stored|record/i;
/** `row`, `settingsRow`, `legacyRow` (case-sensitive, so `arrow` is not one). */
const ROW_NAME = /^row$|[a-z]Row$/;

/** Names that hold a caller's options (`options.apiKey ?? process.env.X` is the SDK pattern), not a settings row. */
const NON_ROW_NAMES = /^(?:opts|options|props|overrides|defaults)$/i;

/** The static name of a non-computed member or a string-literal computed member, without a scope lookup. */
function quickMemberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === "string") return node.property.value;
  return undefined;
}

/** Methods that parse request input (`schema.parse(body)`, `await req.json()`): their result is not a row. */
const INPUT_PARSE_METHODS: ReadonlySet<string> = new Set(["parse", "parseAsync", "safeParse", "safeParseAsync", "json", "formData"]);

/** String methods whose result is still the secret's value. */
const TRANSPARENT_METHODS: ReadonlySet<string> = new Set(["trim", "trimStart", "trimEnd", "toString", "valueOf", "normalize"]);

/** Strips TS wrappers, `?.` chains and `await`. */
function stripAwait(node: TSESTree.Node): TSESTree.Node {
  let target = unwrap(node);
  while (target.type === AST_NODE_TYPES.AwaitExpression) target = unwrap(target.argument);
  return target;
}

/** The first operand of a `??`/`||` chain (the value that wins), else the expression itself. */
function firstOperand(node: TSESTree.Node): TSESTree.Node {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.LogicalExpression && (target.operator === "??" || target.operator === "||")) {
    return logicalChain(target).operands[0] ?? target;
  }
  return target;
}

/** A non-computed member property or object key: a name, not a variable reference. */
function isStaticKey(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  return (
    (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) ||
    (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && parent.value !== node)
  );
}

/** Climbs out of `?.` chains and TS wrappers (`x!`, `x as T`, `x satisfies T`, `<T>x`). */
function climbWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      parent &&
      (parent.type === AST_NODE_TYPES.ChainExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
        parent.type === AST_NODE_TYPES.TSTypeAssertion) &&
      parent.expression === current
    ) {
      current = parent;
    } else {
      return current;
    }
  }
}

/** The whole `a ?? b ?? c` (or `||`) chain around `node`: its top node and its operands in order. */
function logicalChain(node: TSESTree.LogicalExpression): { top: TSESTree.LogicalExpression; operands: TSESTree.Node[] } {
  let top = node;
  while (top.parent.type === AST_NODE_TYPES.LogicalExpression && top.parent.operator === node.operator) top = top.parent;
  const operands: TSESTree.Node[] = [];
  const collect = (current: TSESTree.Node): void => {
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.operator === node.operator) {
      collect(current.left);
      collect(current.right);
    } else {
      operands.push(current);
    }
  };
  collect(top);
  return { top, operands };
}

/** Member reads, identifiers, literals (and `??`/`||`/`&&` of them): moving them changes no side effect. */
/**
 * Is the value only tested for presence (`Boolean(row.x || env.X)`, `!!(...)`, an `if`/ternary test,
 * a comparison)? Which source wins does not matter there: no value is used.
 */
function isPresenceTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
      return (
        parent.arguments[0] === node &&
        parent.callee.type === AST_NODE_TYPES.Identifier &&
        PRESENCE_FUNCTIONS.has(parent.callee.name)
      );
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === "!";
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.BinaryExpression:
      return ["==", "!=", "===", "!=="].includes(parent.operator);
    default:
      return false;
  }
}

function isSideEffectFree(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return isSideEffectFree(node.object) && (!node.computed || isSideEffectFree(node.property));
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return isSideEffectFree(node.expression);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isSideEffectFree);
    case AST_NODE_TYPES.LogicalExpression:
      return isSideEffectFree(node.left) && isSideEffectFree(node.right);
    default:
      return false;
  }
}

/** `null`, `undefined`, `""`: what a missing DB value compares equal to. */
function isEmptyValue(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.Literal) return target.value === null || target.value === "";
  return target.type === AST_NODE_TYPES.Identifier && target.name === "undefined";
}

/** The `if` whose consequent or alternate is `statement` (or a block that directly holds it). */
function enclosingIf(statement: TSESTree.Statement): { ifStatement: TSESTree.IfStatement; inConsequent: boolean } | undefined {
  const branch = statement.parent?.type === AST_NODE_TYPES.BlockStatement ? statement.parent : statement;
  const owner = branch.parent;
  if (owner?.type !== AST_NODE_TYPES.IfStatement) return undefined;
  if (owner.consequent === branch) return { ifStatement: owner, inConsequent: true };
  if (owner.alternate === branch) return { ifStatement: owner, inConsequent: false };
  return undefined;
}

function topOfElseChain(ifStatement: TSESTree.IfStatement): TSESTree.IfStatement {
  let current = ifStatement;
  while (current.parent.type === AST_NODE_TYPES.IfStatement && current.parent.alternate === current) current = current.parent;
  return current;
}

function statementList(statement: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  const parent = statement.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return parent.body;
    case AST_NODE_TYPES.SwitchCase:
      return parent.consequent;
    default:
      return undefined;
  }
}

function earlierSiblings(statement: TSESTree.Node): TSESTree.Node[] {
  const list = statementList(statement);
  return list ? list.slice(0, list.indexOf(statement)) : [];
}

function laterSiblings(statement: TSESTree.Node): TSESTree.Node[] {
  const list = statementList(statement);
  return list ? list.slice(list.indexOf(statement) + 1) : [];
}

function containsReturn(node: TSESTree.Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found || isFunction(child)) return false;
    if (child.type === AST_NODE_TYPES.ReturnStatement) found = true;
    return !found;
  });
  return found;
}

function within(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** What an object pattern destructures: the declarator's init or the assignment's right side. */
function destructuredSource(pattern: TSESTree.ObjectPattern): TSESTree.Node | undefined {
  const parent = pattern.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === pattern) return parent.init ?? undefined;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === pattern) return parent.right;
  return undefined;
}
