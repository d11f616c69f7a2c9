/**
 * Call sites of a function or method across the project (through imports, barrel re-exports,
 * `export { x as y }` and `const alias = fn`), found with the language service's reference search.
 */
import { Node, type CallExpression } from "ts-morph";
import { unwrapExpression } from "./syntax.js";

const cache = new WeakMap<Node, readonly CallExpression[]>();

/** The name node a function is referenced by: its declaration name, or the variable/property it is assigned to. */
export function functionNameNode(fn: Node): Node | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) {
    const name = fn.getNameNode();
    return name && Node.isIdentifier(name) ? name : undefined;
  }
  if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    let parent = fn.getParent();
    while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent))) {
      parent = parent.getParent();
    }
    if (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) {
      const name = parent.getNameNode();
      return Node.isIdentifier(name) ? name : undefined;
    }
  }
  return undefined;
}

/** Every call of `fn` in the project (cached). Empty for callbacks, framework entry points and unreferenced functions. */
export function callSitesOf(fn: Node): readonly CallExpression[] {
  const cached = cache.get(fn);
  if (cached) return cached;
  const calls: CallExpression[] = [];
  const name = functionNameNode(fn);
  if (name) collect(name, calls, 0);
  cache.set(fn, calls);
  return calls;
}

function collect(name: Node, calls: CallExpression[], depth: number): void {
  if (!Node.isIdentifier(name) || depth > 3) return;
  let references: Node[];
  try {
    references = name.findReferencesAsNodes();
  } catch {
    return;
  }
  for (const reference of references) {
    const call = callOf(reference);
    if (call) {
      if (!calls.includes(call)) calls.push(call);
      continue;
    }
    // `const save = updateSettings;` then `save(...)`.
    let parent = reference.getParent();
    while (parent && Node.isExpression(parent) && unwrapExpression(parent) === reference && parent !== reference) {
      if (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent)) {
        parent = parent.getParent();
      } else {
        break;
      }
    }
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() && unwrapExpression(parent.getInitializer()!) === reference) {
      collect(parent.getNameNode(), calls, depth + 1);
    }
  }
}

/** The call whose callee is this reference (`fn(...)`, `obj.fn(...)`). */
function callOf(reference: Node): CallExpression | undefined {
  let callee: Node = reference;
  const parent = reference.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === reference) callee = parent;
  let outer = callee.getParent();
  while (outer && (Node.isParenthesizedExpression(outer) || Node.isNonNullExpression(outer) || Node.isAsExpression(outer))) {
    callee = outer;
    outer = outer.getParent();
  }
  if (Node.isCallExpression(outer) && outer.getExpression() === callee) return outer;
  return undefined;
}
