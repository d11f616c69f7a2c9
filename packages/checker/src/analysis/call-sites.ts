/**
 * Call sites of a function or method across the project: through named and default imports,
 * `export *` and `export { x as y }` barrels, and `const alias = fn`. A text search for the names
 * finds candidate identifiers; symbol resolution decides. Cheaper than the language service's
 * reference search, which builds a second program.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, SourceFile, ts } from "ts-morph";
import { moduleSourceFile, unwrapExpression } from "./syntax.js";

const cache = new WeakMap<Node, readonly CallExpression[]>();
const MAX_NAMES = 12;

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
  const calls = new Search(fn).run();
  cache.set(fn, calls);
  return calls;
}

class Search {
  private readonly calls: CallExpression[] = [];
  /** Declarations a reference must resolve to (compared by declaration: property access may yield another symbol object). */
  private readonly targets = new Set<ts.Node>();
  private readonly names: string[] = [];
  /** For methods: a file must also mention the class to hold a call (the receiver's type names it). */
  private readonly className: string | undefined;
  private readonly home: SourceFile;

  constructor(private readonly fn: Node) {
    this.home = fn.getSourceFile();
    const parent = fn.getParent();
    this.className =
      Node.isMethodDeclaration(fn) && (Node.isClassDeclaration(parent) || Node.isClassExpression(parent)) ? parent.getName() : undefined;
  }

  run(): CallExpression[] {
    const name = functionNameNode(this.fn);
    const declarations = name && declarationsOfName(name);
    if (!name || !declarations || declarations.length === 0) return this.calls;
    for (const declaration of declarations) this.targets.add(declaration);
    this.names.push(name.getText());
    if (isDefaultExported(this.fn)) this.addDefaultImports();
    const files = this.fn.getProject().getSourceFiles();
    for (let next = 0; next < this.names.length && next < MAX_NAMES; next++) {
      const current = this.names[next]!;
      for (const file of files) this.scan(file, current);
    }
    return this.calls;
  }

  private scan(file: SourceFile, name: string): void {
    const text = file.getFullText();
    if (!text.includes(name)) return;
    if (this.className && file !== this.home && !text.includes(this.className)) return;
    for (let index = text.indexOf(name); index >= 0; index = text.indexOf(name, index + name.length)) {
      if (isIdentifierChar(text.charCodeAt(index - 1)) || isIdentifierChar(text.charCodeAt(index + name.length))) continue;
      const node = file.getDescendantAtPos(index);
      if (!node || !Node.isIdentifier(node) || node.getStart() !== index) continue;
      this.classify(node);
    }
  }

  private classify(identifier: Node): void {
    const parent = identifier.getParent();
    if (!parent) return;
    // Declarations that introduce another name for the function.
    if (Node.isExportSpecifier(parent) || Node.isImportSpecifier(parent)) {
      const alias = parent.getAliasNode();
      if (alias && alias !== identifier && this.refersToTarget(identifier)) this.addName(alias.getText());
      return;
    }
    if (!this.refersToTarget(identifier)) return;
    const call = callOf(identifier);
    if (call) {
      if (!this.calls.includes(call)) this.calls.push(call);
      return;
    }
    // `const save = updateSettings;` then `save(...)`.
    let outer = identifier.getParent();
    while (outer && (Node.isParenthesizedExpression(outer) || Node.isAsExpression(outer) || Node.isNonNullExpression(outer))) {
      outer = outer.getParent();
    }
    if (Node.isVariableDeclaration(outer) && outer.getInitializer() && unwrapExpression(outer.getInitializer()!) === identifier) {
      const nameNode = outer.getNameNode();
      for (const declaration of Node.isIdentifier(nameNode) ? declarationsOfName(nameNode) : []) this.targets.add(declaration);
      this.addName(nameNode.getText());
    }
  }

  private refersToTarget(identifier: Node): boolean {
    const symbol = identifier.getSymbol();
    if (!symbol) return false;
    const resolved = symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
    return (resolved.compilerSymbol.declarations ?? []).some((declaration) => this.targets.has(declaration));
  }

  /** `import anything from "./module"` of a default-exported function: the local name. */
  private addDefaultImports(): void {
    for (const file of this.fn.getProject().getSourceFiles()) {
      for (const declaration of file.getImportDeclarations()) {
        const local = declaration.getDefaultImport();
        if (local && moduleSourceFile(declaration) === this.home) this.addName(local.getText());
      }
      for (const declaration of file.getExportDeclarations()) {
        if (moduleSourceFile(declaration) !== this.home) continue;
        for (const specifier of declaration.getNamedExports()) {
          const alias = specifier.getAliasNode();
          if (specifier.getName() === "default" && alias) this.addName(alias.getText());
        }
      }
    }
  }

  private addName(name: string): void {
    if (!this.names.includes(name)) this.names.push(name);
  }
}

function declarationsOfName(identifier: Node): ts.Node[] {
  return identifier.getSymbol()?.compilerSymbol.declarations ?? [];
}

function isDefaultExported(fn: Node): boolean {
  if (Node.isFunctionDeclaration(fn)) return fn.isDefaultExport();
  const name = functionNameNode(fn);
  if (!name) return false;
  const text = name.getText();
  return fn
    .getSourceFile()
    .getDescendantsOfKind(SyntaxKind.ExportAssignment)
    .some((assignment) => !assignment.isExportEquals() && assignment.getExpression().getText() === text);
}

function isIdentifierChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127
  );
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
