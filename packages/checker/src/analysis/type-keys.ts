/**
 * The property keys of a declared TypeScript type, resolved syntactically across files: type
 * literals, interfaces (with `extends`), type aliases, intersections/unions, `Partial`/`Required`/
 * `Readonly`/`NonNullable`, `Pick`/`Omit`, and `z.infer<typeof schema>` (`z.input`, `z.output`).
 * Anything else (library types such as `Prisma.SystemSettingsUpdateInput`) is unresolved.
 */
import { Node } from "../ts-morph.js";
import type { TypeNode } from "ts-morph";
import { declarationsOf, propertyNameText } from "./syntax.js";
import { schemaShape, type SchemaKey } from "./zod-shape.js";

export interface TypeKeys {
  readonly keys: ReadonlyMap<string, TypeKey>;
  /** Any key may be present: `any`, `unknown`, `Record<string, T>`, an index signature. */
  readonly open: boolean;
}

export interface TypeKey {
  readonly node: Node;
  /** The member's type (for nested objects), or the schema of a `z.infer` key. */
  readonly type?: TypeNode;
  readonly schemaKey?: SchemaKey;
}

const MAX_DEPTH = 10;
const SAME_KEYS = new Set(["Partial", "Required", "Readonly", "NonNullable", "DeepPartial"]);
const ZOD_INFER = new Set(["infer", "input", "output", "TypeOf", "Infer"]);

/** The keys of a type node; undefined when it cannot be resolved from the source. */
export function typeKeys(node: TypeNode, depth = 0): TypeKeys | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Node.isParenthesizedTypeNode(node)) return typeKeys(node.getTypeNode(), depth + 1);
  if (Node.isTypeLiteral(node)) return membersKeys(node.getMembers());
  if (Node.isIntersectionTypeNode(node) || Node.isUnionTypeNode(node)) {
    const parts = node
      .getTypeNodes()
      .filter((part) => !isNullishType(part))
      .map((part) => typeKeys(part, depth + 1));
    const known = parts.filter((part): part is TypeKeys => part !== undefined);
    if (known.length === 0) return undefined;
    const keys = new Map<string, TypeKey>();
    for (const part of known) for (const [key, value] of part.keys) if (!keys.has(key)) keys.set(key, value);
    return { keys, open: known.some((part) => part.open) };
  }
  const kind = node.getKindName();
  if (kind === "AnyKeyword" || kind === "UnknownKeyword" || kind === "ObjectKeyword") return { keys: new Map(), open: true };
  if (!Node.isTypeReference(node)) return undefined;

  const typeName = node.getTypeName();
  const name = typeName.getText();
  const args = node.getTypeArguments();
  const simple = Node.isIdentifier(typeName) ? name : Node.isQualifiedName(typeName) ? typeName.getRight().getText() : name;
  if (SAME_KEYS.has(simple) && args[0] && Node.isIdentifier(typeName)) return typeKeys(args[0], depth + 1);
  if ((simple === "Pick" || simple === "Omit") && args[0] && args[1] && Node.isIdentifier(typeName)) {
    const base = typeKeys(args[0], depth + 1);
    const mask = literalUnion(args[1]);
    if (!base || !mask) return base;
    const keys = new Map([...base.keys].filter(([key]) => (simple === "Pick" ? mask.has(key) : !mask.has(key))));
    return { keys, open: simple === "Omit" && base.open };
  }
  if (simple === "Record" && Node.isIdentifier(typeName) && args[0]) {
    const keys = literalUnion(args[0]);
    if (!keys) return { keys: new Map(), open: true };
    return { keys: new Map([...keys].map((key) => [key, { node: args[0]! }])), open: false };
  }
  if (ZOD_INFER.has(simple) && Node.isQualifiedName(typeName) && args[0] && Node.isTypeQuery(args[0])) {
    const shape = schemaShape(args[0].getExprName());
    if (!shape) return undefined;
    return {
      keys: new Map([...shape.keys].map(([key, schemaKey]) => [key, { node: schemaKey.property, schemaKey }])),
      open: shape.open,
    };
  }
  const identifier = Node.isQualifiedName(typeName) ? typeName.getRight() : typeName;
  for (const declaration of declarationsOf(identifier)) {
    if (Node.isInterfaceDeclaration(declaration)) {
      const own = membersKeys(declaration.getMembers());
      const keys = new Map(own.keys);
      let open = own.open;
      for (const heritage of declaration.getExtends()) {
        const inherited = typeKeysOfExpression(heritage, depth + 1);
        if (!inherited) continue;
        for (const [key, value] of inherited.keys) if (!keys.has(key)) keys.set(key, value);
        open ||= inherited.open;
      }
      return { keys, open };
    }
    if (Node.isTypeAliasDeclaration(declaration)) {
      const aliased = declaration.getTypeNode();
      return aliased ? typeKeys(aliased, depth + 1) : undefined;
    }
    if (Node.isClassDeclaration(declaration)) {
      const keys = new Map<string, TypeKey>();
      for (const property of declaration.getProperties()) {
        const key = propertyNameText(property.getNameNode());
        const type = property.getTypeNode();
        if (key !== undefined) keys.set(key, type ? { node: property, type } : { node: property });
      }
      return { keys, open: false };
    }
  }
  return undefined;
}

/** `interface A extends B<...>`: the heritage clause's type. */
function typeKeysOfExpression(heritage: Node, depth: number): TypeKeys | undefined {
  if (!Node.isExpressionWithTypeArguments(heritage)) return undefined;
  const expression = heritage.getExpression();
  const identifier = Node.isPropertyAccessExpression(expression) ? expression.getNameNode() : expression;
  for (const declaration of declarationsOf(identifier)) {
    if (Node.isInterfaceDeclaration(declaration) || Node.isTypeAliasDeclaration(declaration)) {
      if (Node.isTypeAliasDeclaration(declaration)) {
        const aliased = declaration.getTypeNode();
        return aliased ? typeKeys(aliased, depth + 1) : undefined;
      }
      const own = membersKeys(declaration.getMembers());
      return own;
    }
  }
  return undefined;
}

function membersKeys(members: readonly Node[]): TypeKeys {
  const keys = new Map<string, TypeKey>();
  let open = false;
  for (const member of members) {
    if (Node.isPropertySignature(member)) {
      const key = propertyNameText(member.getNameNode());
      const type = member.getTypeNode();
      if (key !== undefined) keys.set(key, type ? { node: member, type } : { node: member });
    } else if (Node.isIndexSignatureDeclaration(member)) {
      open = true;
    }
  }
  return { keys, open };
}

/** `"a" | "b"` (also through a type alias): the literal strings; undefined for anything else. */
function literalUnion(node: TypeNode, depth = 0): Set<string> | undefined {
  if (depth > 5) return undefined;
  if (Node.isLiteralTypeNode(node)) {
    const literal = node.getLiteral();
    return Node.isStringLiteral(literal) ? new Set([literal.getLiteralValue()]) : undefined;
  }
  if (Node.isUnionTypeNode(node)) {
    const keys = new Set<string>();
    for (const part of node.getTypeNodes()) {
      const inner = literalUnion(part, depth + 1);
      if (!inner) return undefined;
      for (const key of inner) keys.add(key);
    }
    return keys;
  }
  if (Node.isTypeReference(node)) {
    for (const declaration of declarationsOf(node.getTypeName())) {
      if (Node.isTypeAliasDeclaration(declaration)) {
        const aliased = declaration.getTypeNode();
        return aliased ? literalUnion(aliased, depth + 1) : undefined;
      }
    }
  }
  return undefined;
}

function isNullishType(node: TypeNode): boolean {
  const kind = node.getKindName();
  if (kind === "UndefinedKeyword" || kind === "NullKeyword" || kind === "VoidKeyword") return true;
  return Node.isLiteralTypeNode(node) && Node.isNullLiteral(node.getLiteral());
}
