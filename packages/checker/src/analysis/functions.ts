/**
 * Following calls into the functions they run: the declaration a call resolves to (in any file,
 * through imports and barrels) and the expressions that function returns. Syntax and symbol
 * resolution only, never type checking; both answers are cached per node.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import { declarationsOf, isFunctionLike, unwrapAwait, unwrapExpression } from "./syntax.js";

const calleeCache = new WeakMap<Node, Node | null>();

/**
 * The function (declaration, arrow, function expression, method, getter) that a call or `new`
 * runs, when it is defined in analysed source with a body: `helper(x)`, `repo.load(x)`,
 * `imported.fn(x)`. Undefined for library functions and anything dynamic.
 */
export function calledFunction(call: Node): Node | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const cached = calleeCache.get(call);
  if (cached !== undefined) return cached ?? undefined;
  const callee = unwrapExpression(call.getExpression());
  let declarations: Node[] = [];
  if (Node.isIdentifier(callee)) declarations = declarationsOf(callee);
  else if (Node.isPropertyAccessExpression(callee)) declarations = memberDeclarations(callee);
  let found: Node | undefined;
  for (const declaration of declarations) {
    found = functionOfDeclaration(declaration);
    if (found) break;
  }
  calleeCache.set(call, found ?? null);
  return found;
}

/** The function a declaration stands for: a function itself, or a variable/property holding one. */
export function functionOfDeclaration(declaration: Node): Node | undefined {
  if (isFunctionLike(declaration)) return hasBody(declaration) ? declaration : undefined;
  if (Node.isVariableDeclaration(declaration) || Node.isPropertyAssignment(declaration) || Node.isPropertyDeclaration(declaration)) {
    const initializer = declaration.getInitializer();
    const target = initializer && unwrapExpression(initializer);
    if (target && isFunctionLike(target) && hasBody(target)) return target;
  }
  return undefined;
}

function hasBody(fn: Node): boolean {
  return bodyOf(fn) !== undefined;
}

/** The body of a function-like node: a block, or the expression of an arrow. */
export function bodyOf(fn: Node): Node | undefined {
  if (Node.isBodyable(fn) || Node.isBodied(fn)) return fn.getBody();
  return undefined;
}

const returnsCache = new WeakMap<Node, readonly Node[]>();

/**
 * What a function returns, in source order: the expression body of an arrow, or the expression of
 * every `return` in its body (not those of nested functions).
 */
export function returnedExpressions(fn: Node): readonly Node[] {
  let result = returnsCache.get(fn);
  if (result) return result;
  const found: Node[] = [];
  const body = bodyOf(fn);
  if (body && !Node.isBlock(body)) {
    found.push(body);
  } else if (body) {
    for (const statement of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
      const expression = statement.getExpression();
      if (expression && statement.getFirstAncestor(isFunctionLike) === fn) found.push(expression);
    }
  }
  result = found;
  returnsCache.set(fn, result);
  return result;
}

/** The statements of a function body (empty for expression-bodied arrows). */
export function bodyStatements(fn: Node): readonly Node[] {
  const body = bodyOf(fn);
  return body && Node.isBlock(body) ? body.getStatements() : [];
}

/** A readable name for a function: its declared name, or the variable/property it is assigned to. */
export function functionName(fn: Node): string | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) || Node.isGetAccessorDeclaration(fn)) {
    return fn.getName();
  }
  const parent = fn.getParent();
  if (parent && (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent))) {
    return parent.getName();
  }
  return undefined;
}

/**
 * The declarations of the *value* an identifier stands for. Like `declarationsOf`, except that
 * the name of a shorthand property (`{ apiKey }`) resolves to the variable it copies, not to the
 * property itself.
 */
export function valueDeclarationsOf(identifier: Node): Node[] {
  const parent = identifier.getParent();
  if (parent && Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === identifier) {
    const symbol = parent.getValueSymbol();
    const resolved = symbol?.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
    return resolved?.getDeclarations() ?? [];
  }
  return declarationsOf(identifier);
}

/**
 * The declarations of `object.name` found without type checking (resolving a property name
 * through the checker type-checks the whole object expression, which is slow and mostly `any`
 * here): properties of an object literal the object was initialised with, members of the class it
 * is an instance of (`new C()`, `this`, a parameter typed `C`), static members of a class, and
 * exports of a namespace import.
 */
export function memberDeclarations(access: Node, depth = 0): Node[] {
  if (!Node.isPropertyAccessExpression(access)) return [];
  const name = access.getName();
  const found: Node[] = [];
  for (const container of containersOf(access.getExpression(), depth)) {
    if (Node.isObjectLiteralExpression(container.node)) {
      const property = container.node.getProperty(name);
      if (property) found.push(property);
    } else if (Node.isClassDeclaration(container.node) || Node.isClassExpression(container.node)) {
      const member = container.static ? container.node.getStaticMember(name) : container.node.getInstanceMember(name);
      if (member) found.push(member);
      if (!container.static) {
        // Constructor parameter properties (`constructor(private readonly row: Row)`).
        for (const constructor of container.node.getConstructors()) {
          const parameter = constructor.getParameter(name);
          if (parameter?.isParameterProperty()) found.push(parameter);
        }
      }
    } else if (Node.isSourceFile(container.node)) {
      found.push(...(container.node.getExportedDeclarations().get(name) ?? []));
    }
  }
  return found;
}

interface Container {
  readonly node: Node;
  readonly static: boolean;
}

function containersOf(expression: Node, depth: number): Container[] {
  const object = unwrapExpression(expression);
  if (depth > 4) return [];
  if (object.getKind() === SyntaxKind.ThisKeyword) {
    const owner = object.getFirstAncestor((node) => Node.isClassDeclaration(node) || Node.isClassExpression(node));
    return owner ? [{ node: owner, static: false }] : [];
  }
  // `new SettingsService(db).load()`
  if (Node.isNewExpression(object)) return classesNamed(object.getExpression(), false);
  let declarations: Node[] = [];
  if (Node.isIdentifier(object)) declarations = declarationsOf(object);
  else if (Node.isPropertyAccessExpression(object)) declarations = memberDeclarations(object, depth + 1);
  const containers: Container[] = [];
  for (const declaration of declarations) {
    if (Node.isClassDeclaration(declaration)) containers.push({ node: declaration, static: true });
    else if (Node.isSourceFile(declaration)) containers.push({ node: declaration, static: true });
    else if (
      Node.isVariableDeclaration(declaration) ||
      Node.isParameterDeclaration(declaration) ||
      Node.isPropertyDeclaration(declaration) ||
      Node.isPropertyAssignment(declaration)
    ) {
      const initializer = declaration.getInitializer();
      const value = initializer && unwrapAwait(initializer);
      if (value && Node.isObjectLiteralExpression(value)) containers.push({ node: value, static: false });
      else if (value && Node.isNewExpression(value)) containers.push(...classesNamed(value.getExpression(), false));
      else if (value && (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value))) {
        containers.push(...containersOf(value, depth + 1));
      }
      const typeNode = Node.isPropertyAssignment(declaration) ? undefined : declaration.getTypeNode();
      if (typeNode && Node.isTypeReference(typeNode)) containers.push(...classesNamed(typeNode.getTypeName(), false));
    }
  }
  return containers;
}

function classesNamed(name: Node, isStatic: boolean): Container[] {
  const identifier = Node.isQualifiedName(name) ? name.getRight() : name;
  if (!Node.isIdentifier(identifier)) return [];
  return declarationsOf(identifier)
    .filter((declaration) => Node.isClassDeclaration(declaration))
    .map((declaration) => ({ node: declaration, static: isStatic }));
}
