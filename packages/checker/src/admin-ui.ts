/**
 * The admin settings UI as the checker sees it: the files under `admin.uiGlobs` that show settings
 * (they mention a secret or its variable, or their path says settings) and the local components
 * they import, and what they say about each secret's environment variable.
 */
import { matchesGlobs, type SecretEntry } from "@secret-guardrails/core";
import type { ExportDeclaration, ImportDeclaration, Node, SourceFile } from "ts-morph";
import type { ts as Ts } from "ts-morph";
import type { CheckContext } from "./check.js";
import { ts } from "./ts-morph.js";

/** Properties that carry an env var name in a status payload (`status.smtpPassword.envVar`). */
const ENV_NAME_PROPERTY = /^env(?:Var|Vars|Name|Names|Variable|Variables|Key|Keys)?$/i;
/** Paths of UI files that show settings even when they name no secret yet. */
export const SETTINGS_PATH = /settings?|config|secrets?|integrations?|credentials?/i;
/** How far local component imports of the admin UI are followed. */
const COMPONENT_DEPTH = 2;

/** A registered secret the settings UI shows without naming its environment variable. */
export interface UnguidedSecret {
  readonly secret: SecretEntry;
  /** The innermost JSX element that shows it; absent when no element does (report on `file` then). */
  readonly element?: Node;
  /** The settings UI's main file. */
  readonly file: SourceFile;
}

/**
 * The registered secrets that the admin settings UI shows but whose environment variable it never
 * names: not in its text, not read from the secret's status (`status.smtpPassword.envVar`), and not
 * rendered at runtime by a generic list (`status.envVar` for every secret). None when there is no
 * settings UI, or when a UI file could not be parsed (its analysis-error fails the run instead).
 */
export function unguidedSecrets(context: CheckContext): UnguidedSecret[] {
  const { registry } = context;
  if (registry.secrets.length === 0) return [];
  const ui = settingsUi(context);
  if (ui.files.length === 0) return []; // no admin settings UI: nothing to explain the secrets in
  if ([...context.unanalysed].some((file) => matchesGlobs(file, registry.admin.uiGlobs))) return [];

  const facts = ui.all.map(uiFacts);
  const literalText = facts.map((fact) => fact.literalText).join("\n");
  const dynamicEnvNames = facts.some((fact) => fact.rendersEnvName);
  const filesShown = new Set(ui.files);
  const unguided: UnguidedSecret[] = [];
  for (const secret of registry.secrets) {
    if (secret.envVars.some((name) => mentionsWord(literalText, name))) continue;
    // `status.smtpPassword.envVar`: the secret's own status names its variable.
    if (facts.some((fact) => fact.statusEnvNameOf.has(secret.field) || fact.statusEnvNameOf.has(secret.column))) continue;
    const element = firstElementShowing(facts.filter((fact) => filesShown.has(fact.file)), secret);
    // A generic list rendering `status.envVar` for every secret names the variables at runtime.
    if (!element && dynamicEnvNames) continue;
    unguided.push({ secret, ...(element ? { element } : {}), file: ui.main });
  }
  return unguided;
}

interface SettingsUi {
  /** Admin UI files that render settings or secret status, sorted by path. */
  readonly files: readonly SourceFile[];
  /** `files` plus the local components they import. */
  readonly all: readonly SourceFile[];
  /** Where a secret without any status element is reported. */
  readonly main: SourceFile;
}

/**
 * The admin settings UI: files matching `admin.uiGlobs` that mention a registered secret or env
 * var, or whose path says settings; plus the local `.tsx` components they import.
 */
function settingsUi(context: CheckContext): SettingsUi {
  const { registry } = context;
  const names = registry.secrets.flatMap((secret) => [secret.field, secret.column, ...secret.envVars]);
  const candidates = context.project
    .getSourceFiles()
    .map((file) => ({ file, path: context.relativePath(file) }))
    .filter(({ path }) => matchesGlobs(path, registry.admin.uiGlobs))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const shown = candidates.filter(
    ({ file, path }) => SETTINGS_PATH.test(path) || names.some((name) => mentionsWord(file.getFullText(), name)),
  );
  const files = shown.map(({ file }) => file);
  const all = new Set(files);
  let frontier = files;
  for (let depth = 0; depth < COMPONENT_DEPTH && frontier.length > 0; depth++) {
    const next: SourceFile[] = [];
    for (const file of frontier) {
      for (const imported of importedComponentFiles(file)) {
        if (all.has(imported)) continue;
        all.add(imported);
        next.push(imported);
      }
    }
    frontier = next;
  }
  const main = shown.find(({ path }) => SETTINGS_PATH.test(path))?.file ?? files[0]!;
  return { files, all: [...all], main };
}

/** The `.tsx` files that declare what `file` imports (directly, or through barrels and packages). */
function importedComponentFiles(file: SourceFile): SourceFile[] {
  const files = new Set<SourceFile>();
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.isTypeOnly()) continue;
    const module = moduleSourceFile(declaration);
    if (module?.getFilePath().endsWith(".tsx")) files.add(module);
    const names = [declaration.getDefaultImport(), ...declaration.getNamedImports().map((named) => named.getNameNode())];
    for (const name of names) {
      if (!name) continue;
      const symbol = name.getSymbol();
      const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
      for (const node of target?.getDeclarations() ?? []) {
        const source = node.getSourceFile();
        if (source.getFilePath().endsWith(".tsx")) files.add(source);
      }
    }
  }
  return [...files];
}

/** What one UI file says, gathered in one pass over its syntax tree. */
interface UiFacts {
  readonly file: SourceFile;
  /** Visible text: string and template literals and JSX text (not comments, not identifiers). */
  readonly literalText: string;
  /** Renders `x.envVar` (or `envVars`, `envName`...) inside JSX: names arrive at runtime. */
  readonly rendersEnvName: boolean;
  /** Secret keys whose status's env var name is read: `status.smtpPassword.envVar`. */
  readonly statusEnvNameOf: ReadonlySet<string>;
  /** Secret-like key -> the innermost JSX element around its first reference (compiler node). */
  readonly elementOf: ReadonlyMap<string, Ts.Node>;
}

const factsCache = new WeakMap<SourceFile, UiFacts>();

function uiFacts(file: SourceFile): UiFacts {
  const cached = factsCache.get(file);
  if (cached) return cached;
  const literals: string[] = [];
  let rendersEnvName = false;
  const statusEnvNameOf = new Set<string>();
  const elementOf = new Map<string, Ts.Node>();
  const visit = (node: Ts.Node, element: Ts.Node | undefined, inJsxExpression: boolean): void => {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail:
      case ts.SyntaxKind.JsxText:
        literals.push((node as Ts.LiteralLikeNode).text);
        break;
    }
    const key = referencedKey(node);
    if (key !== undefined && element && !elementOf.has(key)) elementOf.set(key, element);
    if (ts.isPropertyAccessExpression(node) && ENV_NAME_PROPERTY.test(node.name.text)) {
      if (inJsxExpression) rendersEnvName = true;
      const objectKey = accessedKey(node.expression);
      if (objectKey !== undefined) statusEnvNameOf.add(objectKey);
    }
    const isElement = ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node);
    ts.forEachChild(node, (child) => visit(child, isElement ? node : element, inJsxExpression || ts.isJsxExpression(node)));
  };
  visit(file.compilerNode, undefined, false);
  const facts: UiFacts = { file, literalText: literals.join("\n"), rendersEnvName, statusEnvNameOf, elementOf };
  factsCache.set(file, facts);
  return facts;
}

/** The key a node names: `x.smtpPassword`, `x["smtpPassword"]`, `"smtpPassword"`, a `smtpPassword` identifier. */
function referencedKey(node: Ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return accessedKey(node);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const parent = node.parent;
    return parent && ts.isPropertyAccessExpression(parent) && parent.name === node ? undefined : node.text;
  }
  return undefined;
}

function accessedKey(node: Ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const argument = node.argumentExpression;
    return ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument) ? argument.text : undefined;
  }
  return undefined;
}

/** The innermost JSX element whose props or children reference the secret (`source={s.smtpPassword.source}`). */
function firstElementShowing(facts: readonly UiFacts[], secret: SecretEntry): Node | undefined {
  for (const fact of facts) {
    const field = fact.elementOf.get(secret.field);
    const column = fact.elementOf.get(secret.column);
    const element = field && column ? (field.getStart() <= column.getStart() ? field : column) : (field ?? column);
    if (element) return fact.file.getDescendantAtStartWithWidth(element.getStart(), element.getWidth());
  }
  return undefined;
}

function mentionsWord(text: string, word: string): boolean {
  let index = text.indexOf(word);
  while (index >= 0) {
    const before = index > 0 ? text[index - 1]! : "";
    const after = text[index + word.length] ?? "";
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after)) return true;
    index = text.indexOf(word, index + 1);
  }
  return false;
}

/**
 * The file an import or export declaration names, when it names one. A specifier that is not a
 * string (`import x from y`: a grammar error TypeScript's parser lets through) makes ts-morph's
 * own `getModuleSpecifierSourceFile` throw.
 */
function moduleSourceFile(declaration: ImportDeclaration | ExportDeclaration): SourceFile | undefined {
  const specifier = declaration.compilerNode.moduleSpecifier;
  if (!specifier || specifier.kind !== ts.SyntaxKind.StringLiteral) return undefined;
  return declaration.getModuleSpecifierSourceFile();
}
