/**
 * What keys a request input can hold, as far as the file shows: the origin of an expression
 * (tRPC resolver `input`, `await req.json()`, `schema.parse(...)`, `parsed.data`, rests of those) and
 * the keys of the validation schema it went through (`z.object({...})`, `.extend`, `.pick`, `.omit`,
 * `.merge`, `.partial()`, `.strict()`...), resolved through same-file constants only.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import {
  SCHEMA_OBJECT_FACTORIES as OBJECT_FACTORIES,
  SCHEMA_OPEN_FACTORIES as OPEN_FACTORIES,
  SCHEMA_OPENING_METHODS as OPENING,
  SCHEMA_PARSE_METHODS as PARSE_METHODS,
  SCHEMA_SAFE_PARSE_METHODS as SAFE_PARSE_METHODS,
  SCHEMA_SAME_KEYS_METHODS as SAME_KEYS,
  TRPC_RESOLVER_METHODS,
  isRequestInputName,
} from "@secret-guardrails/core";

import { memberName, staticKeyName, unwrap } from "./ast.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * - `none`: not request input (a database row, a helper's parameter, a local value): nothing to say;
 * - `unknown`: request input whose keys the file does not show (types may tell);
 * - `known`: request input validated by a schema visible in this file. `open` when the schema passes
 *   unknown keys through (`.passthrough()`, `z.record`, `z.any()`), so it can hold any key.
 * `removed` lists keys a destructuring rest took away (`const { secret: _, ...rest } = input`).
 */
export type InputShape =
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly removed: ReadonlySet<string> }
  | {
      readonly kind: "known";
      readonly keys: ReadonlyMap<string, TSESTree.Node | undefined>;
      readonly open: boolean;
      readonly removed: ReadonlySet<string>;
    };

const NONE: InputShape = { kind: "none" };
const NO_KEYS: ReadonlySet<string> = new Set();
const UNKNOWN: InputShape = { kind: "unknown", removed: NO_KEYS };
const MAX_DEPTH = 8;

/** Request methods / properties that yield the raw body (`await req.json()`, `req.body`). */
const BODY_METHODS = new Set(["json", "formData", "text"]);
const BODY_PROPERTIES = new Set(["body"]);

export class InputShapeResolver {
  private readonly schemaCache = new Map<TSESTree.Node, InputShape>();
  private readonly valueCache = new Map<TSESTree.Node, InputShape>();

  constructor(private readonly sourceCode: SourceCode) {}

  /** The shape of the value of `node` when it is request input; `none` when it is not. */
  shapeOf(node: TSESTree.Node, depth = 0): InputShape {
    const cached = this.valueCache.get(node);
    if (cached) return cached;
    const shape = depth > MAX_DEPTH ? NONE : this.computeShape(node, depth);
    this.valueCache.set(node, shape);
    return shape;
  }

  private computeShape(node: TSESTree.Node, depth: number): InputShape {
    const target = unwrap(node);
    switch (target.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.shapeOf(target.argument, depth + 1);
      case AST_NODE_TYPES.Identifier:
        return this.identifierShape(target, depth);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberShape(target, depth);
      case AST_NODE_TYPES.CallExpression:
        return this.callShape(target, depth);
      default:
        return NONE;
    }
  }

  private identifierShape(identifier: TSESTree.Identifier, depth: number): InputShape {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier);
    if (!variable || variable.defs.length !== 1) return NONE;
    // A reassigned variable may hold anything; only a single, never reassigned binding is followed.
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return NONE;
    const def = variable.defs[0]!;
    if (def.type === "Parameter") return this.parameterShape(identifier, def.node, depth);
    if (def.type !== "Variable" || !def.node.init) return NONE;
    const { id, init } = def.node;
    if (id.type === AST_NODE_TYPES.Identifier) return this.shapeOf(init, depth + 1);
    if (id.type !== AST_NODE_TYPES.ObjectPattern) return NONE;
    return this.patternShape(id, identifier.name, init, depth);
  }

  /** `const { data } = schema.safeParse(x)`, `const { a: _a, ...rest } = input`. */
  private patternShape(
    pattern: TSESTree.ObjectPattern,
    name: string,
    init: TSESTree.Expression,
    depth: number,
  ): InputShape {
    const scope = this.sourceCode.getScope(pattern);
    const removed = new Set<string>();
    for (const property of pattern.properties) {
      if (property.type === AST_NODE_TYPES.RestElement) {
        if (property.argument.type !== AST_NODE_TYPES.Identifier || property.argument.name !== name) continue;
        return withRemoved(this.shapeOf(init, depth + 1), removed);
      }
      const key = staticKeyName(property.key, property.computed, scope);
      if (key !== undefined) removed.add(key);
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.Identifier && value.name === name && key !== undefined) {
        return this.propertyOfShape(this.shapeOf(init, depth + 1), key, depth, init);
      }
    }
    return NONE;
  }

  /** The `input` of a tRPC resolver (`.mutation(({ input }) => ...)`), or its whole options object. */
  private parameterShape(identifier: TSESTree.Identifier, fn: TSESTree.Node, depth: number): InputShape {
    const chain = resolverChain(fn);
    if (!chain) return NONE;
    const first = (fn as TSESTree.FunctionLike).params[0];
    const param = first?.type === AST_NODE_TYPES.AssignmentPattern ? first.left : first;
    if (param?.type !== AST_NODE_TYPES.ObjectPattern) return NONE;
    const scope = this.sourceCode.getScope(param);
    for (const property of param.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type !== AST_NODE_TYPES.Identifier || value.name !== identifier.name) continue;
      return staticKeyName(property.key, property.computed, scope) === "input" ? this.procedureInput(chain, depth) : NONE;
    }
    return NONE;
  }

  private memberShape(member: TSESTree.MemberExpression, depth: number): InputShape {
    const key = memberName(member, this.sourceCode.getScope(member));
    if (key === undefined) return NONE;
    const object = unwrap(member.object);
    // `opts.input` of a resolver whose options are not destructured.
    if (key === "input" && object.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(object), object);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === "Parameter") {
        const chain = resolverChain(def.node);
        const fn = def.node as TSESTree.FunctionLike;
        if (chain && fn.params[0] === def.name) return this.procedureInput(chain, depth);
      }
    }
    // `req.body` of a pages-API / Express handler.
    if (BODY_PROPERTIES.has(key) && object.type === AST_NODE_TYPES.Identifier && isRequestInputName(object.name)) {
      return UNKNOWN;
    }
    return this.propertyOfShape(this.shapeOf(object, depth + 1), key, depth, object);
  }

  /** The shape of `value.key` given the shape of `value` (`parsed.data`, `input.settings`). */
  private propertyOfShape(owner: InputShape, key: string, depth: number, ownerNode: TSESTree.Node): InputShape {
    const parseResult = this.safeParseSchema(ownerNode, depth);
    if (parseResult) return key === "data" ? this.schemaShape(parseResult, depth + 1) : NONE;
    if (owner.kind === "none") return NONE;
    if (owner.kind === "unknown") return UNKNOWN;
    if (owner.removed.has(key)) return NONE;
    if (owner.keys.has(key)) {
      const schema = owner.keys.get(key);
      return schema ? this.schemaShape(schema, depth + 1) : UNKNOWN;
    }
    return owner.open ? UNKNOWN : NONE;
  }

  /** When `node` is (a variable holding) `schema.safeParse(x)`, the schema. */
  private safeParseSchema(node: TSESTree.Node, depth: number): TSESTree.Node | undefined {
    let target = unwrap(node);
    for (let hops = 0; hops < MAX_DEPTH - depth; hops++) {
      if (target.type === AST_NODE_TYPES.AwaitExpression) {
        target = unwrap(target.argument);
        continue;
      }
      if (target.type === AST_NODE_TYPES.Identifier) {
        const init = constInit(target, this.sourceCode);
        if (!init) return undefined;
        target = unwrap(init);
        continue;
      }
      break;
    }
    if (target.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(target.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(callee, undefined);
    return method !== undefined && SAFE_PARSE_METHODS.has(method) ? callee.object : undefined;
  }

  private callShape(call: TSESTree.CallExpression, depth: number): InputShape {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return NONE;
    const method = memberName(callee, undefined);
    if (method === undefined) return NONE;
    if (PARSE_METHODS.has(method)) {
      const schema = this.schemaShape(callee.object, depth + 1);
      // `anything.parse(x)` that is no visible schema: request input only if `x` is.
      if (schema.kind === "unknown" && this.shapeOf(call.arguments[0] ?? callee, depth + 1).kind === "none") return NONE;
      return schema;
    }
    const object = unwrap(callee.object);
    if (BODY_METHODS.has(method) && object.type === AST_NODE_TYPES.Identifier && isRequestInputName(object.name)) {
      return UNKNOWN;
    }
    return NONE;
  }

  /** The merged input schemas of a procedure chain (`adminProcedure.input(a).input(b)`). */
  private procedureInput(chain: TSESTree.Node, depth: number): InputShape {
    const schemas: TSESTree.Node[] = [];
    let current: TSESTree.Node = unwrap(chain);
    for (let hops = 0; hops < 32; hops++) {
      if (current.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(current.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
        if (memberName(callee, undefined) === "input" && current.arguments[0]) schemas.push(current.arguments[0]);
        current = unwrap(callee.object);
      } else if (current.type === AST_NODE_TYPES.MemberExpression) {
        current = unwrap(current.object);
      } else if (current.type === AST_NODE_TYPES.Identifier) {
        const init = constInit(current, this.sourceCode);
        if (!init) break;
        current = unwrap(init);
      } else {
        break;
      }
    }
    if (schemas.length === 0) return UNKNOWN;
    return schemas.map((schema) => this.schemaShape(schema, depth + 1)).reduce(mergeShapes);
  }

  /** The keys of a validation schema expression. */
  schemaShape(node: TSESTree.Node, depth = 0): InputShape {
    const cached = this.schemaCache.get(node);
    if (cached) return cached;
    const shape = depth > MAX_DEPTH ? UNKNOWN : this.computeSchemaShape(node, depth);
    this.schemaCache.set(node, shape);
    return shape;
  }

  private computeSchemaShape(node: TSESTree.Node, depth: number): InputShape {
    const target = unwrap(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const init = constInit(target, this.sourceCode);
      return init ? this.schemaShape(init, depth + 1) : UNKNOWN;
    }
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      // `base.shape` spread into another object schema.
      return memberName(target, undefined) === "shape" ? this.schemaShape(target.object, depth + 1) : UNKNOWN;
    }
    if (target.type !== AST_NODE_TYPES.CallExpression) return UNKNOWN;
    const callee = unwrap(target.callee);
    const method =
      callee.type === AST_NODE_TYPES.MemberExpression
        ? memberName(callee, undefined)
        : callee.type === AST_NODE_TYPES.Identifier
          ? callee.name
          : undefined;
    if (method === undefined) return UNKNOWN;
    const [first, second] = target.arguments;
    const base = (): InputShape =>
      callee.type === AST_NODE_TYPES.MemberExpression ? this.schemaShape(callee.object, depth + 1) : UNKNOWN;

    if (OBJECT_FACTORIES.has(method)) return first ? this.objectLiteralShape(first, depth) : UNKNOWN;
    if (OPEN_FACTORIES.has(method)) return { kind: "known", keys: new Map(), open: true, removed: NO_KEYS };
    if (SAME_KEYS.has(method)) return base();
    if (OPENING.has(method)) {
      const shape = base();
      return shape.kind === "known" ? { ...shape, open: true } : shape;
    }
    if (method === "extend" || method === "safeExtend") {
      return first ? mergeShapes(base(), this.objectLiteralShape(first, depth)) : UNKNOWN;
    }
    if (method === "merge" || method === "and") {
      return first ? mergeShapes(base(), this.schemaShape(first, depth + 1)) : UNKNOWN;
    }
    if (method === "or") return first ? mergeShapes(base(), this.schemaShape(first, depth + 1)) : UNKNOWN;
    if (method === "union" || method === "discriminatedUnion") {
      const options = method === "union" ? first : second;
      if (options?.type !== AST_NODE_TYPES.ArrayExpression) return UNKNOWN;
      const shapes = options.elements.map((element) =>
        element && element.type !== AST_NODE_TYPES.SpreadElement ? this.schemaShape(element, depth + 1) : UNKNOWN,
      );
      return shapes.length > 0 ? shapes.reduce(mergeShapes) : UNKNOWN;
    }
    if (method === "pick" || method === "omit") {
      const shape = base();
      const mask = first ? literalKeys(first, this.sourceCode) : undefined;
      if (!mask) return UNKNOWN;
      if (shape.kind !== "known") {
        // An unseen base: `.omit` still removes the masked keys, `.pick` keeps only them.
        if (method === "omit") return withRemoved(shape, mask);
        return { kind: "known", keys: new Map([...mask].map((key) => [key, undefined])), open: false, removed: NO_KEYS };
      }
      const keys = new Map([...shape.keys].filter(([key]) => mask.has(key) === (method === "pick")));
      return { kind: "known", keys, open: method === "omit" && shape.open, removed: NO_KEYS };
    }
    return UNKNOWN;
  }

  /** `{ a: z.string(), ...base.shape }` as the keys of an object schema. */
  private objectLiteralShape(node: TSESTree.Node, depth: number): InputShape {
    let target = unwrap(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const init = constInit(target, this.sourceCode);
      if (!init) return UNKNOWN;
      target = unwrap(init);
    }
    if (target.type !== AST_NODE_TYPES.ObjectExpression) return UNKNOWN;
    const scope = this.sourceCode.getScope(target);
    let shape: InputShape = { kind: "known", keys: new Map(), open: false, removed: NO_KEYS };
    const keys = new Map<string, TSESTree.Node | undefined>();
    for (const property of target.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        shape = mergeShapes(shape, this.schemaShape(property.argument, depth + 1));
        continue;
      }
      const key = staticKeyName(property.key, property.computed, scope);
      if (key === undefined) return UNKNOWN;
      keys.set(key, property.value);
    }
    return mergeShapes(shape, { kind: "known", keys, open: false, removed: NO_KEYS });
  }
}

/** If `fn` is the resolver callback of a tRPC procedure (`proc.mutation(fn)`), the procedure chain. */
function resolverChain(fn: TSESTree.Node): TSESTree.Node | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee, undefined);
  return method !== undefined && TRPC_RESOLVER_METHODS.has(method) ? callee.object : undefined;
}

/** The initialiser of a `const` (or never reassigned) single binding `name = init`. */
function constInit(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== "Variable" || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return def.node.init;
}

/** The keys of `{ a: true, b: true }` (a `.pick` / `.omit` mask). */
function literalKeys(node: TSESTree.Node, sourceCode: SourceCode): Set<string> | undefined {
  const target = unwrap(node);
  if (target.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const scope = sourceCode.getScope(target);
  const keys = new Set<string>();
  for (const property of target.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    const key = staticKeyName(property.key, property.computed, scope);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

function mergeShapes(a: InputShape, b: InputShape): InputShape {
  if (a.kind === "none") return b;
  if (b.kind === "none") return a;
  if (a.kind === "unknown" || b.kind === "unknown") return UNKNOWN;
  return { kind: "known", keys: new Map([...a.keys, ...b.keys]), open: a.open || b.open, removed: NO_KEYS };
}

function withRemoved(shape: InputShape, removed: ReadonlySet<string>): InputShape {
  if (shape.kind === "none" || removed.size === 0) return shape;
  return { ...shape, removed: new Set([...shape.removed, ...removed]) };
}

/** The registered secrets an input of this shape can hold (all of them when the shape is open). */
export function secretsInShape(shape: InputShape, isSecret: (key: string) => boolean, all: readonly string[]): string[] {
  if (shape.kind !== "known") return [];
  const candidates = shape.open ? [...new Set([...all, ...shape.keys.keys()])] : [...shape.keys.keys()];
  return candidates.filter((key) => isSecret(key) && !shape.removed.has(key));
}
