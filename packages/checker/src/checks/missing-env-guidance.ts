import { matchesGlobs, type SecretEntry } from "@secret-guardrails/core";
import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { defineCheck, type CheckContext } from "../check.js";

export type MessageIds = "envVarNotNamed";

/** Properties that carry an env var name in a status payload (`status.smtpPassword.envVar`). */
const ENV_NAME_PROPERTY = /^env(?:Var|Vars|Name|Names|Variable|Variables|Key|Keys)?$/i;
/** Paths of UI files that show settings even when they name no secret yet. */
const SETTINGS_PATH = /settings?|config|secrets?|integrations?|credentials?/i;
/** How far local component imports of the admin UI are followed. */
const COMPONENT_DEPTH = 2;

export default defineCheck<MessageIds>({
  id: "missing-env-guidance",
  meta: {
    description: "Require the admin settings UI to name the environment variable of every registered secret",
    category: "missing-env-guidance",
    defaultSeverity: "error",
    messages: {
      envVarNotNamed:
        "The admin settings UI shows `{{secret}}` but never names its environment variable {{envVars}}. Tell operators where the secret comes from, e.g. \"Set {{envVar}} in the deployment environment\".",
    },
  },
  run(context, report) {
    const { registry } = context;
    if (registry.secrets.length === 0) return;
    const ui = settingsUi(context);
    if (ui.files.length === 0) return; // no admin settings UI: nothing to explain the secrets in

    const literalText = ui.all.map(literalTextOf).join("\n");
    const dynamicEnvNames = ui.all.some(rendersEnvNameProperty);
    for (const secret of registry.secrets) {
      if (secret.envVars.some((name) => mentionsWord(literalText, name))) continue;
      if (statusReadsEnvName(ui.all, secret)) continue;
      const element = firstElementShowing(ui.files, secret);
      // A generic list rendering `status.envVar` for every secret names the variables at runtime.
      if (!element && dynamicEnvNames) continue;
      const descriptor = {
        messageId: "envVarNotNamed" as const,
        secret: secret.field,
        data: {
          secret: secret.field,
          envVars: secret.envVars.map((name) => `\`${name}\``).join(" or "),
          envVar: secret.envVars[0] ?? "",
        },
      };
      if (element) report.atNode(element, descriptor);
      else report.atLocation({ file: context.relativePath(ui.main), line: 1, column: 1 }, descriptor);
    }
  },
});

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
    const module = declaration.getModuleSpecifierSourceFile();
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

const literalTextCache = new WeakMap<SourceFile, string>();

/** The text a user can see: string and template literals and JSX text (not comments, not identifiers). */
function literalTextOf(file: SourceFile): string {
  let text = literalTextCache.get(file);
  if (text === undefined) {
    const parts: string[] = [];
    file.forEachDescendant((node) => {
      switch (node.getKind()) {
        case SyntaxKind.StringLiteral:
        case SyntaxKind.NoSubstitutionTemplateLiteral:
        case SyntaxKind.TemplateHead:
        case SyntaxKind.TemplateMiddle:
        case SyntaxKind.TemplateTail:
        case SyntaxKind.JsxText:
          parts.push(node.getText());
      }
    });
    text = parts.join("\n");
    literalTextCache.set(file, text);
  }
  return text;
}

/** `<code>{row.envVar}</code>`: an env var name from the status payload. */
function rendersEnvNameProperty(file: SourceFile): boolean {
  return file
    .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
    .some((access) => ENV_NAME_PROPERTY.test(access.getName()) && access.getFirstAncestor((a) => Node.isJsxExpression(a)) !== undefined);
}

/** `status.smtpPassword.envVar`: the secret's own status names its variable. */
function statusReadsEnvName(files: readonly SourceFile[], secret: SecretEntry): boolean {
  return files.some((file) =>
    file.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((access) => {
      if (!ENV_NAME_PROPERTY.test(access.getName())) return false;
      const object = access.getExpression();
      return (
        (Node.isPropertyAccessExpression(object) && isSecretName(object.getName(), secret)) ||
        (Node.isElementAccessExpression(object) && isSecretName(literalValue(object.getArgumentExpression()), secret))
      );
    }),
  );
}

/** The innermost JSX element whose props or children reference the secret (`source={s.smtpPassword.source}`). */
function firstElementShowing(files: readonly SourceFile[], secret: SecretEntry): Node | undefined {
  for (const file of files) {
    let found: Node | undefined;
    file.forEachDescendant((node, traversal) => {
      if (!referencesSecret(node, secret)) return;
      const element = node.getFirstAncestor((ancestor) => Node.isJsxSelfClosingElement(ancestor) || Node.isJsxElement(ancestor));
      if (element) {
        found = element;
        traversal.stop();
      }
    });
    if (found) return found;
  }
  return undefined;
}

function referencesSecret(node: Node, secret: SecretEntry): boolean {
  if (Node.isPropertyAccessExpression(node)) return isSecretName(node.getName(), secret);
  if (Node.isElementAccessExpression(node)) return isSecretName(literalValue(node.getArgumentExpression()), secret);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
    return isSecretName(node.getLiteralValue(), secret);
  }
  if (Node.isIdentifier(node)) {
    const parent = node.getParent();
    return (
      isSecretName(node.getText(), secret) &&
      !(parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node)
    );
  }
  return false;
}

function literalValue(node: Node | undefined): string | undefined {
  return node && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) ? node.getLiteralValue() : undefined;
}

function isSecretName(name: string | undefined, secret: SecretEntry): boolean {
  return name !== undefined && (name === secret.field || name === secret.column);
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
