/**
 * The one ts-morph project of a run. Only what a check walks is loaded: the files the pre-scan
 * found relevant, the files that import them (one level: the callers that consume what they
 * return), the sites the caller adds (`isSite`) and, for the admin settings UI, the components it
 * imports (transitively, up to a small depth, not counting barrels). Every other module is parsed
 * on demand when the value-flow engine follows a call into it (`engineFile`). `noResolve` keeps
 * TypeScript from pulling in the rest of the program; our own resolution host answers every
 * import, so symbols still resolve across the loaded files. Nothing is type-checked up front:
 * checks ask the type checker lazily.
 */
import { posix, resolve } from "node:path";
import { ALL_NAMES, analysisErrorFinding, isBarrel, prescan, scanImportSpecifiers, redactedErrorLine, toPosixRelative, type Finding, type SecretRegistry, type SourceFacts, type SourceText, type TreeWalk } from "@secret-guardrails/core";
import { Project, ts } from "./ts-morph.js";
import type { SourceFile } from "ts-morph";
import { BarrelGraph, type ResolvedImport } from "./barrel-graph.js";

import { ModuleResolver, findWorkspaceLayout } from "./module-resolution.js";
import type { ts as Ts } from "ts-morph";

export { isBarrel, scanImportSpecifiers } from "@secret-guardrails/core";

export interface LoadProjectOptions {
  /** The scanned root. */
  readonly root: string;
  readonly registry: SecretRegistry;
  /** Texts of the source files (root-relative POSIX), read once by the caller. */
  readonly files: readonly SourceText[];
  /** Files to treat as relevant whatever the pre-scan says (the admin settings UI). */
  readonly alwaysRelevant?: (file: string) => boolean;
  /**
   * Relevant files to load into the ts-morph project, with the components they import, for the
   * checks that ask the type checker (the admin UI). Default: only the `alwaysRelevant` ones.
   */
  readonly inProject?: (file: string) => boolean;
  /**
   * Files analysed as sites although not relevant (loaded, not followed): the files the ESLint
   * rules would lint, when the checker's engine reports for them.
   */
  readonly isSite?: (source: SourceText) => boolean;
  /** Can the file's exports carry a secret to its importers? Default: `prescan(...).supplies`. */
  readonly supplies?: (source: SourceText) => boolean;
  /** The caller's (cached) pre-scan verdict, to avoid scanning every text twice. Default: `prescan(...).relevant`. */
  readonly isRelevant?: (source: SourceText) => boolean;
  /**
   * Where the selection starts (changed-files mode: the changed files). Default: every relevant
   * file. Relevant files that the selection then reaches are analysed as relevant files too.
   */
  readonly isSeed?: (source: SourceText) => boolean;
  /**
   * What the caller's file index knows of a file (root-relative): whether it is a barrel and its
   * import specifiers. Saves reading the texts of files that are not loaded. Default: scan the text.
   */
  readonly sourceFacts?: (file: string) => Pick<SourceFacts, "barrel" | "specifiers" | "exports"> | undefined;
  /** The run's walk of the root (see `walkTree`): the workspace layout reuses it. */
  readonly tree?: TreeWalk;
  /** How far imports of relevant files are followed (barrels do not count). Default 3. */
  readonly importDepth?: number;
}

export interface LoadedProject {
  /** The admin settings UI and the components it imports, for the check that asks the type checker across them. */
  readonly project: Project;
  /** Absolute POSIX root. */
  readonly root: string;
  /** What the value-flow engine analyses (relevant files and sites), parseable, sorted by path. */
  readonly roots: readonly Ts.SourceFile[];
  /** The relevant ones among them; the others are sites (see `isSite`, and the importers of suppliers). */
  readonly relevantFiles: readonly Ts.SourceFile[];
  /** Is the module (absolute path) one whose exports can carry a secret (or a barrel re-exporting one)? */
  isSupplier(path: string): boolean;
  /** Root-relative paths of every file parsed up front (roots and the admin UI's components), sorted. */
  readonly loadedFiles: readonly string[];
  /** How many modules the engine parsed on demand (outside `loadedFiles`). */
  lazyFilesLoaded(): number;
  /** A module by absolute POSIX path, for the value-flow engine: loaded, else parsed on first use. */
  engineFile(absolute: string): EngineSourceFile;
  /** `analysis-error` findings of loaded files that do not parse. */
  readonly parseErrors: readonly Finding[];
  readonly resolver: ModuleResolver;
  /** Milliseconds per phase: workspace layout and tsconfigs, file selection, parsing. */
  readonly timings: { readonly layoutMs: number; readonly selectMs: number; readonly parseMs: number };
  relativePath(file: SourceFile | string): string;
}

const DEFAULT_IMPORT_DEPTH = 3;

/** Compiler options of the analysis project: syntax-level defaults that fit any TS/TSX source. */
export const ANALYSIS_COMPILER_OPTIONS: Ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  skipLibCheck: true,
  noResolve: true,
  allowJs: false,
  noEmit: true,
  types: [],
  // No lib: the checks resolve symbols across the loaded files and never ask for a type, so the
  // global declarations (whose binding costs more than a staged run's own files) serve nothing.
  noLib: true,
};

/**
 * Loads the relevant part of the tree into one ts-morph project.
 * Throws `ProjectConfigError` for a tsconfig.json that is not valid JSON or extends a missing file.
 */
export function loadProject(options: LoadProjectOptions): LoadedProject {
  const root = toPosix(resolve(options.root));
  // Texts are read on demand: an indexed source reads its file on first access.
  const sourceByPath = new Map<string, SourceText>();
  const relativeByPath = new Map<string, string>();
  for (const source of options.files) {
    const absolute = posix.join(root, source.file);
    sourceByPath.set(absolute, source);
    relativeByPath.set(absolute, source.file);
  }
  const textOf = (absolute: string): string => sourceByPath.get(absolute)?.text ?? "";
  const factsOf = (absolute: string) => {
    const file = relativeByPath.get(absolute);
    return file === undefined ? undefined : options.sourceFacts?.(file);
  };
  let phaseStart = performance.now();
  const layout = findWorkspaceLayout(root, options.registry.exclude, options.tree);
  const resolver = new ModuleResolver({ root, layout, fileExists: (path) => sourceByPath.has(toPosix(path)) });
  resolver.validateTsconfigs();
  const layoutMs = performance.now() - phaseStart;
  phaseStart = performance.now();

  const resolveFrom = (specifier: string, from: string): string | undefined => {
    const target = resolver.resolve(specifier, from);
    return target === undefined ? undefined : toPosix(target);
  };
  const barrels = new Map<string, boolean>();
  const isBarrelFile = (absolute: string): boolean => {
    let barrel = barrels.get(absolute);
    if (barrel === undefined) {
      barrel = factsOf(absolute)?.barrel ?? isBarrel(textOf(absolute));
      barrels.set(absolute, barrel);
    }
    return barrel;
  };
  const graph = new BarrelGraph({
    text: textOf,
    isBarrel: isBarrelFile,
    exportsOf: (absolute) => factsOf(absolute)?.exports,
    resolve: resolveFrom,
  });

  // 1. Relevant files, and the seeds of the selection among them.
  const relevant = new Set<string>();
  const seeds = new Set<string>();
  const uiSeeds: string[] = [];
  const sites = new Set<string>();
  const suppliers = new Set<string>();
  const supplies = options.supplies ?? ((source: SourceText) => prescan(source.text, options.registry, source.file).supplies);
  const isRelevant = options.isRelevant ?? ((source: SourceText) => prescan(source.text, options.registry, source.file).relevant);
  for (const source of options.files) {
    const always = options.alwaysRelevant?.(source.file) ?? false;
    const absolute = posix.join(root, source.file);
    if (!always && !isRelevant(source)) {
      if (options.isSite?.(source)) sites.add(absolute);
      continue;
    }
    relevant.add(absolute);
    if (supplies(source)) suppliers.add(absolute);
    if (always || options.inProject?.(source.file)) uiSeeds.push(absolute);
    if (always || !options.isSeed || options.isSeed(source)) seeds.add(absolute);
  }
  const depthLimit = options.importDepth ?? DEFAULT_IMPORT_DEPTH;
  // 2. What they import, transitively, for the checks that ask the type checker across files (the
  // admin UI's components) and, in changed-files mode, to find the relevant files a change reaches.
  // The value-flow engine needs no more: it parses a module when it follows a call into it.
  const eager = new Set([...seeds, ...sites]);
  const ui = new Set(importClosure(uiSeeds, depthLimit, graph, isBarrelFile).keys());
  if (options.isSeed) {
    for (const file of importClosure([...seeds], depthLimit, graph, isBarrelFile).keys()) if (relevant.has(file)) eager.add(file);
  }
  // 3. The files that import a seed that can hand them a secret (one level; through barrels, which
  // re-export it, as if direct): a caller that names nothing is a site too (it consumes what a
  // relevant helper returns). A seed that only marks an admin endpoint or reads an env var hands
  // its importers nothing to check, nor does one that only declares data (constants, enums, types).
  // Only specifiers whose last segment names a target (or that are not relative: aliases,
  // packages) are resolved.
  const trees = new Map<string, EngineSourceFile>();
  const parseFile = (absolute: string, into: Project | undefined): EngineSourceFile => {
    const parsed = into
      ? parseSource(absolute, textOf(absolute), (text, kind) => into.createSourceFile(absolute, text, { overwrite: true, scriptKind: kind }).compilerNode)
      : parseSource(absolute, textOf(absolute), (text, kind) => ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true, kind));
    // Out of the project: a check must never walk a broken tree.
    const added = into && "error" in parsed ? into.getSourceFile(absolute) : undefined;
    if (added) into!.removeSourceFile(added);
    return parsed;
  };
  const plainTree = (absolute: string): EngineSourceFile => {
    if (!trees.has(absolute)) trees.set(absolute, parseFile(absolute, undefined));
    return trees.get(absolute);
  };
  const targets = new Set(
    [...seeds].filter((file) => {
      if (!suppliers.has(file)) return false;
      const tree = plainTree(file);
      return !(tree && "file" in tree && declaresOnlyData(tree.file));
    }),
  );
  const { importers, supplierModules } = importersOf(targets, {
    paths: [...sourceByPath.keys()].sort(),
    selected: eager,
    relevant,
    isBarrel: isBarrelFile,
    specifiersOf: (absolute) => factsOf(absolute)?.specifiers ?? scanImportSpecifiers(textOf(absolute)),
    resolve: resolveFrom,
  });
  for (const file of importers) eager.add(file);
  const selectMs = performance.now() - phaseStart;
  phaseStart = performance.now();
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: ANALYSIS_COMPILER_OPTIONS,
    resolutionHost: () => ({
      resolveModuleNames: (moduleNames, containingFile) =>
        moduleNames.map((name) => {
          const target = resolver.resolve(name, containingFile);
          return target === undefined ? undefined : resolvedModule(toPosix(target));
        }),
    }),
  });
  // The admin settings UI in the ts-morph project (its check asks the type checker across files),
  // every other file as a plain syntax tree, which is all the value-flow engine reads.
  const loadedFiles = [...new Set([...eager, ...ui])].sort();
  const parseErrors: Finding[] = [];
  for (const absolute of loadedFiles) {
    const tree = ui.has(absolute) ? parseFile(absolute, project) : plainTree(absolute);
    trees.set(absolute, tree);
    if (tree && "error" in tree) parseErrors.push(analysisErrorFinding({ file: relativeByPath.get(absolute)!, ...tree.error }));
  }
  const parseMs = performance.now() - phaseStart;
  const relativePath = (file: SourceFile | string): string => {
    const absolute = typeof file === "string" ? file : file.getFilePath();
    return relativeByPath.get(absolute) ?? toPosixRelative(root, absolute);
  };
  const roots = loadedFiles.flatMap((file) => {
    const tree = trees.get(file);
    return eager.has(file) && tree && "file" in tree ? [tree.file] : [];
  });
  const relevantFiles = roots.filter((file) => relevant.has(file.fileName));
  const loadedCount = trees.size;
  // Modules the engine follows a call into, parsed on first use.
  const engineFile = (path: string): EngineSourceFile => {
    const absolute = toPosix(path);
    return sourceByPath.has(absolute) ? plainTree(absolute) : undefined;
  };
  return {
    project,
    root,
    relevantFiles,
    roots,
    isSupplier: (path) => supplierModules.has(toPosix(path)),
    loadedFiles: loadedFiles.map((file) => relativeByPath.get(file)!),
    lazyFilesLoaded: () => trees.size - loadedCount,
    engineFile,
    parseErrors,
    resolver,
    timings: { layoutMs, selectMs, parseMs },
    relativePath,
  };
}

/** What {@link importersOf} needs to know of the tree. */
interface TreeFacts {
  /** Every source file (absolute POSIX), sorted. */
  readonly paths: readonly string[];
  /** Files selected already (they matter again only as barrels whose importers are wanted). */
  readonly selected: ReadonlySet<string>;
  readonly relevant: ReadonlySet<string>;
  isBarrel(absolute: string): boolean;
  specifiersOf(absolute: string): readonly string[];
  resolve(specifier: string, from: string): string | undefined;
}

/**
 * The files that import one of `suppliers` (one level; through barrels, which re-export them, as
 * if direct, up to four barrels deep), and the supplier modules with those barrels. Only
 * specifiers whose last segment names a target (or that are not relative: aliases, packages) are
 * resolved.
 */
function importersOf(suppliers: ReadonlySet<string>, tree: TreeFacts): { importers: Set<string>; supplierModules: Set<string> } {
  let targets = suppliers;
  const importers = new Set<string>();
  const supplierModules = new Set(suppliers);
  for (let round = 0; round < 4 && targets.size > 0; round++) {
    const stems = new Set([...targets].map(moduleStem));
    const barrels = new Set<string>();
    for (const absolute of tree.paths) {
      if (targets.has(absolute)) continue;
      // A file selected already matters only if it is a barrel whose own importers are wanted.
      if ((tree.selected.has(absolute) || importers.has(absolute)) && !tree.isBarrel(absolute)) continue;
      const importsTarget = tree.specifiersOf(absolute).some((specifier) => {
        if (specifier.startsWith(".") && !stems.has(specifierStem(specifier))) return false;
        const target = tree.resolve(specifier, absolute);
        return target !== undefined && targets.has(target);
      });
      if (!importsTarget) continue;
      const barrel = tree.isBarrel(absolute);
      // Past a barrel only relevant files (the ones a finding can sit in) are worth loading: a
      // popular package's barrel can have thousands of importers.
      if (round > 0 && !barrel && !tree.relevant.has(absolute)) continue;
      if (barrel) barrels.add(absolute);
      else importers.add(absolute);
    }
    targets = barrels;
    for (const barrel of barrels) supplierModules.add(barrel);
  }
  return { importers, supplierModules };
}

/** A module as the value-flow engine gets it: its syntax tree, why it cannot be analysed, or nothing (not in the tree). */
export type EngineSourceFile = { readonly file: Ts.SourceFile } | { readonly error: ParseError } | undefined;

export interface ParseError {
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Parses a file with `create`, refusing what the checks cannot walk: a parser crash (TypeScript's
 * parser recurses once per nesting level: ~1,000 nested parentheses overflow the stack), a tree
 * nested deeper than `MAX_NESTING_DEPTH` (the checks recurse too), or a syntax error (a check must
 * never walk a broken tree: an import whose specifier is not a string made ts-morph throw).
 */
function parseSource(
  path: string,
  text: string,
  create: (text: string, kind: Ts.ScriptKind) => Ts.SourceFile,
): { readonly file: Ts.SourceFile } | { readonly error: ParseError } {
  let node: Ts.SourceFile;
  try {
    node = create(text, scriptKindOf(path));
  } catch (error) {
    const reason = error instanceof RangeError ? "nested too deeply to parse" : `cannot be parsed (${redactedErrorLine(error instanceof Error ? error.message : String(error))})`;
    return { error: { reason } };
  }
  const depth = nestingDepth(node);
  if (depth > MAX_NESTING_DEPTH) {
    return { error: { reason: `nested too deeply to analyse (${depth} levels of syntax; the limit is ${MAX_NESTING_DEPTH})` } };
  }
  const diagnostic = (node as unknown as { parseDiagnostics?: readonly Ts.DiagnosticWithLocation[] }).parseDiagnostics?.[0];
  if (diagnostic) {
    const start = node.getLineAndCharacterOfPosition(diagnostic.start);
    return {
      error: {
        line: start.line + 1,
        column: start.character + 1,
        reason: `syntax error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\.$/, "")}`,
      },
    };
  }
  // TypeScript's parser accepts `import x from y` (its checker reports it); ESLint's parser and
  // ts-morph do not: refused like any syntax error.
  for (const statement of node.statements) {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (specifier && !ts.isStringLiteral(specifier)) {
      const start = node.getLineAndCharacterOfPosition(specifier.getStart(node));
      return { error: { line: start.line + 1, column: start.character + 1, reason: "syntax error: String literal expected" } };
    }
  }
  return { file: node };
}

/**
 * Does a module only declare data: imports, re-exports, types, enums and constants whose values
 * are literals (no function, class, call, `new` or `await` anywhere)? What it exports then carries
 * no secret of its own.
 */
function declaresOnlyData(file: Ts.SourceFile): boolean {
  const inert = (node: Ts.Node): boolean => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isTaggedTemplateExpression(node)) return false;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return false; // a getter may run
    return !ts.forEachChild(node, (child) => (inert(child) ? undefined : true));
  };
  return file.statements.every((statement) => {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isEmptyStatement(statement)) {
      return true;
    }
    if (ts.isVariableStatement(statement) || ts.isExportAssignment(statement)) return inert(statement);
    return false;
  });
}

/**
 * The files `starts` import, transitively up to `depthLimit`, by depth. Barrels are free, and
 * followed only to the modules that export the imported names (a package's index can re-export
 * hundreds of modules).
 */
function importClosure(
  starts: readonly string[],
  depthLimit: number,
  graph: BarrelGraph,
  isBarrelFile: (file: string) => boolean,
): Map<string, number> {
  const selected = new Map<string, number>(starts.map((file) => [file, 0]));
  const queue = [...starts].sort();
  const follow = (file: string, depth: number): void => {
    if (depth > depthLimit) return;
    const known = selected.get(file);
    if (known !== undefined && known <= depth) return;
    selected.set(file, depth);
    queue.push(file);
  };
  for (let next = 0; next < queue.length; next++) {
    const file = queue[next]!;
    const depth = selected.get(file)!;
    const edges: readonly ResolvedImport[] = isBarrelFile(file) ? [{ target: file, names: ALL_NAMES }] : graph.importsOf(file);
    for (const { target, names } of edges) {
      if (!isBarrelFile(target)) {
        follow(target, depth + 1);
        continue;
      }
      const reach = graph.reach(target, names);
      for (const barrel of reach.barrels) {
        const known = selected.get(barrel);
        if (known === undefined || known > depth) selected.set(barrel, depth);
      }
      for (const module of reach.modules) follow(module, depth + 1);
    }
  }
  return selected;
}

/** The name an import uses for a file: `settings` for `settings.ts`, `lib` for `lib/index.ts`. */
function moduleStem(file: string): string {
  const base = posix.basename(file).replace(/(\.d)?\.[cm]?tsx?$/, "");
  return base === "index" ? posix.basename(posix.dirname(file)) : base;
}

/** The last segment of a relative specifier without its extension: `../lib/settings.js` -> `settings`. */
function specifierStem(specifier: string): string {
  const segments = specifier.split("/").filter((segment) => segment !== "" && segment !== ".");
  const last = segments[segments.length - 1] ?? "";
  if (last === "..") return posix.basename(posix.dirname(specifier)); // rare: `..` itself
  return last.replace(/(\.d)?\.[cm]?[jt]sx?$/, "").replace(/^index$/, segments[segments.length - 2] ?? "index");
}

function resolvedModule(path: string): Ts.ResolvedModuleFull {
  const extension = path.endsWith(".d.ts")
    ? ts.Extension.Dts
    : path.endsWith(".tsx")
      ? ts.Extension.Tsx
      : path.endsWith(".mts")
        ? ts.Extension.Mts
        : path.endsWith(".cts")
          ? ts.Extension.Cts
          : ts.Extension.Ts;
  return { resolvedFileName: path, extension, isExternalLibraryImport: false };
}

/** Deeper syntax trees are not analysed (an `analysis-error`); real code stays far below. */
const MAX_NESTING_DEPTH = 1000;

/** The depth of the deepest node, without recursion (the point is to survive deep trees). */
function nestingDepth(root: Ts.Node): number {
  // Parallel stacks and one shared callback: about 5% of the parse time.
  const nodes: Ts.Node[] = [root];
  const depths: number[] = [1];
  let depth = 0;
  let deepest = 0;
  const push = (child: Ts.Node): void => {
    nodes.push(child);
    depths.push(depth + 1);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    depth = depths.pop()!;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > MAX_NESTING_DEPTH) return deepest;
    }
    ts.forEachChild(node, push);
  }
  return deepest;
}

function scriptKindOf(path: string): Ts.ScriptKind {
  return path.endsWith(".tsx") || path.endsWith(".jsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, "/");
}
