/**
 * The focus of a site file: a file the checker analyses only because it imports a module that can
 * hand it a secret (a caller of a relevant helper). Only its top-level statements that use such an
 * import, directly or through the file's own declarations that do, can see a secret; the analysis
 * checks the sites in them and skips the rest, which would cost as much and find nothing.
 */
import type { TS, Ts } from "./ts.js";

export interface Focus {
  /** Does a module specifier of the file lead to a module whose exports can carry a secret? */
  readonly supplies: (specifier: string) => boolean;
  /** Names that put a statement in focus wherever they come from (a settings model's name). */
  readonly names?: ReadonlySet<string>;
}

/** The top-level statements of `file` in focus. */
export function focusedStatements(ts: Ts, file: TS.SourceFile, focus: Focus): ReadonlySet<TS.Statement> {
  const names = new Set(focus.names ?? []);
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!focus.supplies(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) if (!element.isTypeOnly) names.add(element.name.text);
  }
  const pending = file.statements.filter((statement) => !ts.isImportDeclaration(statement));
  const mentions = new Map(pending.map((statement) => [statement, identifiersIn(ts, statement)]));
  const focused = new Set<TS.Statement>();
  // A statement that uses a name in focus is in focus, and so are the names it declares.
  for (let grew = names.size > 0; grew; ) {
    grew = false;
    for (const statement of pending) {
      if (focused.has(statement) || !intersects(mentions.get(statement)!, names)) continue;
      focused.add(statement);
      for (const name of declaredNames(ts, statement)) {
        if (!names.has(name)) {
          names.add(name);
          grew = true;
        }
      }
    }
  }
  return focused;
}

function identifiersIn(ts: Ts, root: TS.Node): Set<string> {
  const found = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node)) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) return true;
  return false;
}

/** The names a top-level statement declares (a function, class, enum or variables, exported or not). */
function declaredNames(ts: Ts, statement: TS.Statement): string[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    return [statement.name.text];
  }
  if (!ts.isVariableStatement(statement)) return [];
  const names: string[] = [];
  const collect = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const declaration of statement.declarationList.declarations) collect(declaration.name);
  return names;
}
