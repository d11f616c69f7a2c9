/**
 * Declared types as values, read by name (the scanned repository has no `node_modules`, so there is
 * nothing to type-check against): a settings model type is a row, `Pick`/`Omit` limit it, a class
 * type is an instance of the class, `PrismaClient["systemSettings"]` is the delegate.
 */
import type { Evaluator } from "./evaluator-api.js";
import { typeTextNamesSettings } from "./names.js";
import type { Binding } from "./scope.js";
import { staticName } from "./syntax.js";
import type { TS } from "./ts.js";
import { schemasIn } from "./schemas.js";
import { concat, NOTHING, type RowAtom, type Value } from "./values.js";

const REQUEST_TYPES: ReadonlySet<string> = new Set(["Request", "NextRequest", "IncomingMessage", "NextApiRequest", "FastifyRequest", "HonoRequest"]);

const PASS_THROUGH = new Set(["Partial", "Required", "Readonly", "NonNullable", "Awaited", "Promise", "PromiseLike", "Maybe", "Nullable", "Optional", "DeepPartial"]);

export function typeValue(ev: Evaluator, node: TS.TypeNode, depth = 0): Value {
  const ts = ev.ts;
  if (depth > 6) return NOTHING;
  if (ts.isParenthesizedTypeNode(node)) return typeValue(ev, node.type, depth + 1);
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return concat(...node.types.map((part) => typeValue(ev, part, depth + 1)));
  if (ts.isArrayTypeNode(node)) {
    const element = typeValue(ev, node.elementType, depth + 1);
    return element.length > 0 ? [{ k: "array", element, node }] : NOTHING;
  }
  if (ts.isIndexedAccessTypeNode(node) && ts.isLiteralTypeNode(node.indexType) && ts.isStringLiteral(node.indexType.literal)) {
    const store = ev.storeByDelegate(node.indexType.literal.text);
    if (store) return [{ k: "delegate", store, node }];
    return NOTHING;
  }
  if (!ts.isTypeReferenceNode(node)) return NOTHING;
  const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
  const args = node.typeArguments ?? [];
  if (PASS_THROUGH.has(name) && args[0]) return typeValue(ev, args[0], depth + 1);
  if ((name === "Pick" || name === "Omit") && args[0]) {
    const inner = typeValue(ev, args[0], depth + 1);
    const keys = args[1] ? literalKeys(ev, args[1]) : [];
    return inner.map((atom) => {
      if (atom.k !== "row") return atom;
      if (name === "Omit") return { ...atom, omitted: new Set([...(atom.omitted ?? []), ...keys]) } satisfies RowAtom;
      return { ...atom, picked: new Map(keys.map((key) => [key, node] as const)) } satisfies RowAtom;
    });
  }
  // A request object, whatever the framework (Fetch, Next.js, Node, Express, Fastify, Koa).
  if (REQUEST_TYPES.has(name)) return [{ k: "request", node }];
  const store = ev.storeByModel(name) ?? ev.storeByModel(name.replace(/(?:GetPayload|Payload|Model|Row|Record|Entity)$/, ""));
  if (store) return [{ k: "row", store, node, strength: "strong" }];
  const delegate = /^(\w+)Delegate$/.exec(name);
  if (delegate) {
    const model = ev.storeByModel(delegate[1]!);
    if (model) return [{ k: "delegate", store: model, node }];
  }
  const declaration = resolveTypeName(ev, ts.isIdentifier(node.typeName) ? node.typeName : node.typeName.right);
  if (declaration) {
    if (ts.isTypeAliasDeclaration(declaration)) {
      const aliased = typeValue(ev, declaration.type, depth + 1);
      if (aliased.length > 0) return aliased;
    } else if (ts.isInterfaceDeclaration(declaration)) {
      for (const clause of declaration.heritageClauses ?? []) {
        for (const type of clause.types) {
          if (ts.isIdentifier(type.expression)) {
            const base = ev.storeByModel(type.expression.text);
            if (base) return [{ k: "row", store: base, node, strength: "strong" }];
          }
        }
      }
    } else if (ts.isClassLike(declaration)) {
      return [{ k: "instance", cls: declaration, node }];
    }
  }
  if (typeTextNamesSettings(name, ev.registry)) return [{ k: "opaque", why: "param", name, node }];
  return NOTHING;
}

/** `"a" | "b"` as keys. */
function literalKeys(ev: Evaluator, node: TS.TypeNode): string[] {
  const ts = ev.ts;
  if (ts.isUnionTypeNode(node)) return node.types.flatMap((part) => literalKeys(ev, part));
  if (ts.isLiteralTypeNode(node) && (ts.isStringLiteral(node.literal) || ts.isNoSubstitutionTemplateLiteral(node.literal))) return [node.literal.text];
  return [];
}

/** The declaration a type name refers to, through imports when the analysis follows them. */
export function resolveTypeName(ev: Evaluator, identifier: TS.Identifier, depth = 0): TS.Node | undefined {
  const binding = ev.scopes.resolveType(identifier);
  if (!binding) return undefined;
  return declarationOf(ev, binding, depth);
}

function declarationOf(ev: Evaluator, binding: Binding, depth: number): TS.Node | undefined {
  const ts = ev.ts;
  if (binding.kind !== "import") return binding.declaration;
  if (depth > 6) return undefined;
  const declaration = binding.declaration;
  if (!ts.isImportSpecifier(declaration)) return undefined;
  const importDeclaration = declaration.parent.parent.parent;
  if (!ts.isStringLiteral(importDeclaration.moduleSpecifier)) return undefined;
  const target = ev.host.resolveModule?.(importDeclaration.getSourceFile(), importDeclaration.moduleSpecifier.text);
  if (!target) return undefined;
  const name = (declaration.propertyName ?? declaration.name).text;
  return exportedDeclaration(ev, target, name, depth + 1);
}

function exportedDeclaration(ev: Evaluator, file: TS.SourceFile, name: string, depth: number): TS.Node | undefined {
  const ts = ev.ts;
  if (depth > 6) return undefined;
  for (const statement of file.statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) {
      return statement;
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!from) continue;
      if (!statement.exportClause) {
        const target = ev.host.resolveModule?.(file, from);
        const found = target ? exportedDeclaration(ev, target, name, depth + 1) : undefined;
        if (found) return found;
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== name) continue;
          const target = ev.host.resolveModule?.(file, from);
          return target ? exportedDeclaration(ev, target, (element.propertyName ?? element.name).text, depth + 1) : undefined;
        }
      }
    }
  }
  return undefined;
}

const declaredKeysCaches = new WeakMap<Evaluator, WeakMap<TS.TypeNode, Map<string, TS.Node> | null>>();

/** The keys of a declared object type (`interface Patch { smtpPassword?: string }`), when it has them. */
export function declaredKeys(ev: Evaluator, node: TS.TypeNode, depth = 0): Map<string, TS.Node> | undefined {
  if (depth > 0) return computeDeclaredKeys(ev, node, depth);
  let declaredKeysCache = declaredKeysCaches.get(ev);
  if (!declaredKeysCache) {
    declaredKeysCache = new WeakMap();
    declaredKeysCaches.set(ev, declaredKeysCache);
  }
  const cached = declaredKeysCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const keys = computeDeclaredKeys(ev, node, depth);
  declaredKeysCache.set(node, keys ?? null);
  return keys;
}

function computeDeclaredKeys(ev: Evaluator, node: TS.TypeNode, depth: number): Map<string, TS.Node> | undefined {
  const ts = ev.ts;
  if (depth > 5) return undefined;
  if (ts.isTypeLiteralNode(node)) return membersKeys(ev, node.members);
  if (ts.isParenthesizedTypeNode(node)) return declaredKeys(ev, node.type, depth + 1);
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) {
    const keys = new Map<string, TS.Node>();
    for (const part of node.types) for (const [key, at] of declaredKeys(ev, part, depth + 1) ?? []) keys.set(key, at);
    return keys;
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = ts.isIdentifier(node.typeName) ? node.typeName : node.typeName.right;
    const args = node.typeArguments ?? [];
    if (PASS_THROUGH.has(name.text) && args[0]) return declaredKeys(ev, args[0], depth + 1);
    if ((name.text === "Pick" || name.text === "Omit") && args[0]) {
      const inner = declaredKeys(ev, args[0], depth + 1);
      if (!inner) return undefined;
      const listed = new Set(args[1] ? literalKeys(ev, args[1]) : []);
      return new Map([...inner].filter(([key]) => (name.text === "Pick" ? listed.has(key) : !listed.has(key))));
    }
    // `z.infer<typeof schema>`, `z.input<...>`, `z.output<...>`: the schema's keys.
    if ((name.text === "infer" || name.text === "input" || name.text === "output" || name.text === "TypeOf") && args[0] && ts.isTypeQueryNode(args[0])) {
      const exprName = args[0].exprName;
      const identifier = ts.isIdentifier(exprName) ? exprName : exprName.right;
      const binding = ev.scopes.resolve(identifier) ?? ev.scopes.resolveType(identifier);
      const shapes = schemasIn(ev, binding ? ev.bindingValue(binding) : ev.valueOf(identifier));
      if (shapes.length === 0) return undefined;
      const keys = new Map<string, TS.Node>();
      for (const shape of shapes) for (const [key, at] of shape.keys) keys.set(key, at.node ?? identifier);
      return keys;
    }
    const declaration = resolveTypeName(ev, name);
    if (declaration && ts.isInterfaceDeclaration(declaration)) return membersKeys(ev, declaration.members);
    if (declaration && ts.isTypeAliasDeclaration(declaration)) return declaredKeys(ev, declaration.type, depth + 1);
  }
  return undefined;
}

function membersKeys(ev: Evaluator, members: readonly TS.TypeElement[]): Map<string, TS.Node> {
  const keys = new Map<string, TS.Node>();
  for (const member of members) {
    const key = member.name ? staticName(ev.ts, member.name) : undefined;
    if (key !== undefined) keys.set(key, member);
  }
  return keys;
}
