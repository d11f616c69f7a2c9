/** Where an imported name comes from: the module specifier and the name it has there. */
import type { Scopes } from "./scope.js";
import type { TS, Ts } from "./ts.js";

/**
 * The module an identifier is imported from, and the name it has there (`import { right as r }`:
 * right; a namespace or default import: its local name). Undefined for anything not imported.
 */
export function importedFrom(ts: Ts, scopes: Scopes, identifier: TS.Identifier): { module: string; name: string } | undefined {
  // Several recognisers ask about the same callee (schema libraries, object helpers, result
  // wrappers): the answer is the syntax tree's, so it is worked out once per identifier.
  const known = byIdentifier.get(identifier);
  if (known !== undefined) return known ?? undefined;
  const found = lookUp(ts, scopes, identifier);
  byIdentifier.set(identifier, found ?? null);
  return found;
}

const byIdentifier = new WeakMap<TS.Identifier, { module: string; name: string } | null>();

function lookUp(ts: Ts, scopes: Scopes, identifier: TS.Identifier): { module: string; name: string } | undefined {
  const binding = scopes.resolve(identifier);
  if (!binding || binding.kind !== "import") return undefined;
  const declaration = binding.declaration;
  let importDeclaration: TS.ImportDeclaration | TS.JSDocImportTag | undefined;
  let name = binding.name;
  if (ts.isImportSpecifier(declaration)) {
    importDeclaration = declaration.parent.parent.parent;
    name = (declaration.propertyName ?? declaration.name).text;
  } else if (ts.isNamespaceImport(declaration)) importDeclaration = declaration.parent.parent;
  else if (ts.isImportClause(declaration)) importDeclaration = declaration.parent;
  if (!importDeclaration || !ts.isStringLiteral(importDeclaration.moduleSpecifier)) return undefined;
  return { module: importDeclaration.moduleSpecifier.text, name };
}
