/**
 * Name resolution on an unbound syntax tree. `@typescript-eslint/parser` hands rules a TypeScript
 * tree without a binder's symbols (unless the project runs with type information), so the engine
 * resolves identifiers itself, the same way in the editor and in the checker: lexical scopes
 * (blocks, functions, loops, catch clauses, classes, the module), `var` and function hoisting,
 * destructuring patterns, imports. Every binding records the path from its declaration's value to
 * the name (`const { a: { b = x }, ...rest } = init`), which is how the evaluator reads it.
 */
import { isFunctionLike, walk } from "./syntax.js";
import type { TS, Ts } from "./ts.js";

export type BindingKind =
  | "const"
  | "let"
  | "var"
  | "param"
  | "function"
  | "class"
  | "enum"
  | "import"
  | "catch"
  | "namespace"
  | "type";

/** One step from a declaration's value to a destructured name. */
export type PatternStep =
  | { readonly kind: "key"; readonly key: TS.PropertyName | string; readonly element: TS.BindingElement }
  | { readonly kind: "index"; readonly index: number; readonly element: TS.BindingElement }
  | { readonly kind: "rest"; readonly taken: readonly (TS.PropertyName | string)[]; readonly element: TS.BindingElement }
  | { readonly kind: "arrayRest"; readonly from: number; readonly element: TS.BindingElement };

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly nameNode: TS.Identifier;
  /**
   * VariableDeclaration, ParameterDeclaration, FunctionDeclaration, ClassDeclaration/Expression,
   * EnumDeclaration, ImportClause/ImportSpecifier/NamespaceImport/ImportEqualsDeclaration,
   * CatchClause, ModuleDeclaration, TypeAliasDeclaration/InterfaceDeclaration.
   */
  readonly declaration: TS.Node;
  /** From the declaration's value to this name; empty for a plain name. */
  readonly path: readonly PatternStep[];
  /** The scope node that holds the binding. */
  readonly scope: TS.Node;
}

interface ScopeTable {
  readonly values: Map<string, Binding>;
  readonly types: Map<string, Binding>;
}

/** Resolution for one copy of TypeScript; tables and answers are cached per node. */
export class Scopes {
  private readonly tables = new WeakMap<TS.Node, ScopeTable>();
  private readonly resolved = new WeakMap<TS.Identifier, Binding | null>();
  private readonly references = new WeakMap<TS.SourceFile, Map<Binding, TS.Identifier[]>>();

  constructor(private readonly ts: Ts) {}

  /** The binding an identifier in a value position refers to, or undefined (a global, an undeclared name). */
  resolve(identifier: TS.Identifier): Binding | undefined {
    const known = this.resolved.get(identifier);
    if (known !== undefined) return known ?? undefined;
    const binding = this.lookup(identifier, identifier.text, "values");
    this.resolved.set(identifier, binding ?? null);
    return binding;
  }

  /** The type alias, interface, class, enum or import a type name refers to. */
  resolveType(identifier: TS.Identifier): Binding | undefined {
    return this.lookup(identifier, identifier.text, "types");
  }

  /** A name as seen from `at` (for names that are not identifiers in the tree, e.g. `arguments`). */
  lookupName(at: TS.Node, name: string): Binding | undefined {
    return this.lookup(at, name, "values");
  }

  /** Every identifier of the file that refers to `binding` (declarations excluded), in source order. */
  referencesOf(binding: Binding): readonly TS.Identifier[] {
    const file = binding.nameNode.getSourceFile();
    let index = this.references.get(file);
    if (!index) {
      index = this.indexReferences(file);
      this.references.set(file, index);
    }
    return index.get(binding) ?? [];
  }

  /** The module-level bindings of a file (for exports). */
  moduleScope(file: TS.SourceFile): ReadonlyMap<string, Binding> {
    return this.table(file).values;
  }

  private lookup(from: TS.Node, name: string, space: "values" | "types"): Binding | undefined {
    let node: TS.Node | undefined = from;
    let previous: TS.Node = from;
    while (node) {
      if (this.isScope(node, previous)) {
        const binding = this.table(node)[space].get(name);
        if (binding) return binding;
      }
      previous = node;
      node = node.parent;
    }
    return undefined;
  }

  /** Is `node` a scope for a name reached from its child `from`? */
  private isScope(node: TS.Node, from: TS.Node): boolean {
    const ts = this.ts;
    if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node)) return true;
    if (isFunctionLike(ts, node)) return true;
    if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) return true;
    if (ts.isCatchClause(node)) return true;
    if (ts.isClassExpression(node)) return node.name !== undefined && from !== node.name;
    return false;
  }

  private table(scope: TS.Node): ScopeTable {
    let table = this.tables.get(scope);
    if (!table) {
      table = { values: new Map(), types: new Map() };
      this.tables.set(scope, table);
      this.collect(scope, table);
    }
    return table;
  }

  private collect(scope: TS.Node, table: ScopeTable): void {
    const ts = this.ts;
    const add = (space: "values" | "types", binding: Binding) => {
      if (!table[space].has(binding.name)) table[space].set(binding.name, binding);
    };
    const addPattern = (name: TS.BindingName, kind: BindingKind, declaration: TS.Node) => {
      for (const binding of patternBindings(ts, name, kind, declaration, scope)) add("values", binding);
    };

    if (isFunctionLike(ts, scope)) {
      if (ts.isFunctionExpression(scope) && scope.name) {
        add("values", { name: scope.name.text, kind: "function", nameNode: scope.name, declaration: scope, path: [], scope });
      }
      for (const parameter of scope.parameters) addPattern(parameter.name, "param", parameter);
      // `var` declarations and nested blocks' function declarations hoist to the function.
      if (scope.body && ts.isBlock(scope.body)) this.collectVars(scope.body, scope, table);
      return;
    }
    if (ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      this.collectStatements(scope.statements, scope, table);
      this.collectVars(scope, scope, table);
      return;
    }
    if (ts.isBlock(scope)) {
      this.collectStatements(scope.statements, scope, table);
      return;
    }
    if (ts.isCaseBlock(scope)) {
      for (const clause of scope.clauses) this.collectStatements(clause.statements, scope, table);
      return;
    }
    if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
      const initializer = scope.initializer;
      if (initializer && ts.isVariableDeclarationList(initializer) && initializer.flags & ts.NodeFlags.BlockScoped) {
        const kind: BindingKind = initializer.flags & ts.NodeFlags.Const ? "const" : "let";
        for (const declaration of initializer.declarations) addPattern(declaration.name, kind, declaration);
      }
      return;
    }
    if (ts.isCatchClause(scope)) {
      if (scope.variableDeclaration) addPattern(scope.variableDeclaration.name, "catch", scope.variableDeclaration);
      return;
    }
    if (ts.isClassExpression(scope) && scope.name) {
      add("values", { name: scope.name.text, kind: "class", nameNode: scope.name, declaration: scope, path: [], scope });
    }
  }

  /** Declarations directly in a statement list (block-scoped ones and functions, classes, imports...). */
  private collectStatements(statements: readonly TS.Statement[], scope: TS.Node, table: ScopeTable): void {
    const ts = this.ts;
    const add = (space: "values" | "types", binding: Binding) => {
      if (!table[space].has(binding.name)) table[space].set(binding.name, binding);
    };
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) {
        const list = statement.declarationList;
        if (!(list.flags & ts.NodeFlags.BlockScoped)) continue; // `var`: collected by collectVars
        const kind: BindingKind = list.flags & ts.NodeFlags.Const ? "const" : "let";
        for (const declaration of list.declarations) {
          for (const binding of patternBindings(ts, declaration.name, kind, declaration, scope)) add("values", binding);
        }
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        add("values", { name: statement.name.text, kind: "function", nameNode: statement.name, declaration: statement, path: [], scope });
      } else if (ts.isClassDeclaration(statement) && statement.name) {
        const binding: Binding = { name: statement.name.text, kind: "class", nameNode: statement.name, declaration: statement, path: [], scope };
        add("values", binding);
        add("types", binding);
      } else if (ts.isEnumDeclaration(statement)) {
        const binding: Binding = { name: statement.name.text, kind: "enum", nameNode: statement.name, declaration: statement, path: [], scope };
        add("values", binding);
        add("types", binding);
      } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
        add("values", { name: statement.name.text, kind: "namespace", nameNode: statement.name, declaration: statement, path: [], scope });
      } else if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
        add("types", { name: statement.name.text, kind: "type", nameNode: statement.name, declaration: statement, path: [], scope });
      } else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        const typeOnly = clause.isTypeOnly;
        const addImport = (nameNode: TS.Identifier, declaration: TS.Node, specifierTypeOnly = false) => {
          const binding: Binding = { name: nameNode.text, kind: "import", nameNode, declaration, path: [], scope };
          if (!typeOnly && !specifierTypeOnly) add("values", binding);
          add("types", binding);
        };
        if (clause.name) addImport(clause.name, clause);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) addImport(named.name, named);
        if (named && ts.isNamedImports(named)) for (const element of named.elements) addImport(element.name, element, element.isTypeOnly);
      } else if (ts.isImportEqualsDeclaration(statement)) {
        add("values", { name: statement.name.text, kind: "import", nameNode: statement.name, declaration: statement, path: [], scope });
      } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
        // Not declarations.
      }
    }
  }

  /** `var` declarations anywhere under `root` but not inside nested functions, into `scope`'s table. */
  private collectVars(root: TS.Node, scope: TS.Node, table: ScopeTable): void {
    const ts = this.ts;
    walk(ts, root, (node) => {
      if (isFunctionLike(ts, node) || ts.isClassLike(node)) return false;
      if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) {
        for (const declaration of node.declarations) {
          for (const binding of patternBindings(ts, declaration.name, "var", declaration, scope)) {
            if (!table.values.has(binding.name)) table.values.set(binding.name, binding);
          }
        }
      }
      return true;
    });
  }

  private indexReferences(file: TS.SourceFile): Map<Binding, TS.Identifier[]> {
    const ts = this.ts;
    const index = new Map<Binding, TS.Identifier[]>();
    walk(ts, file, (node) => {
      if (ts.isIdentifier(node) && isValueReference(ts, node)) {
        const binding = this.resolve(node);
        if (binding) {
          const list = index.get(binding);
          if (list) list.push(node);
          else index.set(binding, [node]);
        }
      }
      return true;
    });
    return index;
  }
}

/** The names a binding pattern declares, each with its path from the declared value. */
function patternBindings(ts: Ts, name: TS.BindingName, kind: BindingKind, declaration: TS.Node, scope: TS.Node): Binding[] {
  const result: Binding[] = [];
  const visit = (node: TS.BindingName, path: PatternStep[]) => {
    if (ts.isIdentifier(node)) {
      result.push({ name: node.text, kind, nameNode: node, declaration, path, scope });
      return;
    }
    if (ts.isObjectBindingPattern(node)) {
      const taken: (TS.PropertyName | string)[] = [];
      for (const element of node.elements) {
        if (element.dotDotDotToken) {
          visit(element.name, [...path, { kind: "rest", taken: [...taken], element }]);
          continue;
        }
        const key: TS.PropertyName | string = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name.text : "");
        taken.push(key);
        visit(element.name, [...path, { kind: "key", key, element }]);
      }
      return;
    }
    node.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      if (element.dotDotDotToken) visit(element.name, [...path, { kind: "arrayRest", from: index, element }]);
      else visit(element.name, [...path, { kind: "index", index, element }]);
    });
  };
  visit(name, []);
  return result;
}

/** Is this identifier a read or write of a variable (not a property name, a declaration name or a label)? */
function isValueReference(ts: Ts, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isQualifiedName(parent)) return false;
  if (ts.isPropertyAssignment(parent)) return parent.initializer === node;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name === node;
  if (ts.isBindingElement(parent)) return parent.initializer === node;
  if (ts.isVariableDeclaration(parent)) return parent.initializer === node;
  if (ts.isParameter(parent)) return parent.initializer === node;
  if (ts.isPropertyDeclaration(parent)) return parent.initializer === node;
  if (ts.isEnumMember(parent)) return parent.initializer === node;
  if (
    ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) ||
    ts.isClassDeclaration(parent) ||
    ts.isClassExpression(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isGetAccessor(parent) ||
    ts.isSetAccessor(parent) ||
    ts.isInterfaceDeclaration(parent) ||
    ts.isTypeAliasDeclaration(parent) ||
    ts.isEnumDeclaration(parent) ||
    ts.isModuleDeclaration(parent) ||
    ts.isTypeParameterDeclaration(parent) ||
    ts.isImportClause(parent) ||
    ts.isImportSpecifier(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent) ||
    ts.isNamespaceExport(parent) ||
    ts.isLabeledStatement(parent) ||
    ts.isBreakOrContinueStatement(parent) ||
    ts.isJsxAttribute(parent) ||
    ts.isTypeReferenceNode(parent) ||
    ts.isExpressionWithTypeArguments(parent) ||
    ts.isTypeQueryNode(parent) ||
    ts.isMetaProperty(parent)
  ) {
    return false;
  }
  if (ts.isExportSpecifier(parent)) {
    // `export { local as name }`: `local` is the reference (without `from`).
    const declaration = parent.parent.parent;
    if (declaration.moduleSpecifier) return false;
    return (parent.propertyName ?? parent.name) === node;
  }
  return true;
}
