/**
 * The one ts-morph project of a run. Only what can matter is loaded: the files the pre-scan found
 * relevant, the local files they import (transitively, up to a small depth, not counting barrels)
 * and the files that import them (one level). `noResolve` keeps TypeScript from pulling in the
 * rest of the program; our own resolution host answers every import, so symbols still resolve
 * across the loaded files. Nothing is type-checked up front: checks ask the type checker lazily.
 */
import { posix, resolve } from "node:path";
import { ALL_NAMES, analysisErrorFinding, isBarrel, prescan, scanImportSpecifiers, redactedErrorLine, toPosixRelative, type Finding, type SecretRegistry, type SourceFacts, type SourceText, type TreeWalk } from "@secret-guardrails/core";
import { Project, ts } from "./ts-morph.js";
import type { SourceFile } from "ts-morph";
import { BarrelGraph, type ResolvedImport } from "./barrel-graph.js";

import { ModuleResolver, findWorkspaceLayout } from "./module-resolution.js";
import type { ts as Ts } from "ts-morph";

export { isBarrel, scanImportSpecifiers } from "@secret-guardrails/core";

export { ProjectConfigError } from "./tsconfig.js";

export interface LoadProjectOptions {
  /** The scanned root. */
  readonly root: string;
  readonly registry: SecretRegistry;
  /** Texts of the source files (root-relative POSIX), read once by the caller. */
  readonly files: readonly SourceText[];
  /** Files to treat as relevant whatever the pre-scan says (the admin UI). */
  readonly alwaysRelevant?: (file: string) => boolean;
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
  readonly project: Project;
  /** Absolute POSIX root. */
  readonly root: string;
  /** Relevant, parseable source files, sorted by path. */
  readonly relevantFiles: readonly SourceFile[];
  /** Root-relative paths of every loaded file, sorted. */
  readonly loadedFiles: readonly string[];
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
  const isRelevant = options.isRelevant ?? ((source: SourceText) => prescan(source.text, options.registry, source.file).relevant);
  for (const source of options.files) {
    const always = options.alwaysRelevant?.(source.file) ?? false;
    if (!always && !isRelevant(source)) continue;
    const absolute = posix.join(root, source.file);
    relevant.add(absolute);
    if (always || !options.isSeed || options.isSeed(source)) seeds.add(absolute);
  }
  // 2. What they import, transitively. Barrels are free, and followed only to the modules that
  // export the imported names (a package's index can re-export hundreds of modules).
  const depthLimit = options.importDepth ?? DEFAULT_IMPORT_DEPTH;
  const selected = new Map<string, number>([...seeds].map((file) => [file, 0]));
  const queue = [...seeds].sort();
  const follow = (file: string, depth: number): void => {
    if (depth > depthLimit) return;
    const known = selected.get(file);
    if (known !== undefined && known <= depth) return;
    selected.set(file, depth);
    queue.push(file);
  };
  const loadBarrel = (file: string, depth: number): void => {
    const known = selected.get(file);
    if (known === undefined || known > depth) selected.set(file, depth);
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
      for (const barrel of reach.barrels) loadBarrel(barrel, depth);
      for (const module of reach.modules) follow(module, depth + 1);
    }
  }
  // 3. The files that import a seed (one level; through barrels, which re-export it, as if direct).
  // Only specifiers whose last segment names a target (or that are not relative: aliases,
  // packages) are resolved.
  let targets = new Set(seeds);
  const allPaths = [...sourceByPath.keys()].sort();
  for (let round = 0; round < 4 && targets.size > 0; round++) {
    const stems = new Set([...targets].map(moduleStem));
    const barrels = new Set<string>();
    for (const absolute of allPaths) {
      if (targets.has(absolute)) continue;
      // A file selected already matters only if it is a barrel whose own importers are wanted.
      if (selected.has(absolute) && !isBarrelFile(absolute)) continue;
      const specifiers = factsOf(absolute)?.specifiers ?? scanImportSpecifiers(textOf(absolute));
      const importsTarget = specifiers.some((specifier) => {
        if (specifier.startsWith(".") && !stems.has(specifierStem(specifier))) return false;
        const target = resolver.resolve(specifier, absolute);
        return target !== undefined && targets.has(toPosix(target));
      });
      if (!importsTarget) continue;
      const barrel = isBarrelFile(absolute);
      // Past a barrel only relevant files (the ones a finding can sit in) are worth loading: a
      // popular package's barrel can have thousands of importers.
      if (round > 0 && !barrel && !relevant.has(absolute)) continue;
      if (!selected.has(absolute)) selected.set(absolute, depthLimit);
      if (barrel) barrels.add(absolute);
    }
    targets = barrels;
  }
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
  const loadedFiles = [...selected.keys()].sort();
  const parseErrors: Finding[] = [];
  const unparseable = new Set<string>();
  for (const absolute of loadedFiles) {
    let sourceFile: SourceFile;
    try {
      sourceFile = project.createSourceFile(absolute, textOf(absolute), {
        overwrite: true,
        scriptKind: scriptKindOf(absolute),
      });
    } catch (error) {
      // TypeScript's parser recurses once per nesting level: ~1,000 nested parentheses overflow the stack.
      unparseable.add(absolute);
      const reason = error instanceof RangeError ? "nested too deeply to parse" : `cannot be parsed (${redactedErrorLine(error instanceof Error ? error.message : String(error))})`;
      parseErrors.push(analysisErrorFinding({ file: relativeByPath.get(absolute)!, reason }));
      continue;
    }
    // The checks recurse over the tree too (and some walk up from every node): refuse what would
    // overflow the stack or take quadratic time, rather than crash every check.
    const depth = nestingDepth(sourceFile.compilerNode);
    if (depth > MAX_NESTING_DEPTH) {
      unparseable.add(absolute);
      project.removeSourceFile(sourceFile);
      parseErrors.push(
        analysisErrorFinding({
          file: relativeByPath.get(absolute)!,
          reason: `nested too deeply to analyse (${depth} levels of syntax; the limit is ${MAX_NESTING_DEPTH})`,
        }),
      );
      continue;
    }
    const diagnostic = (sourceFile.compilerNode as unknown as { parseDiagnostics?: readonly Ts.DiagnosticWithLocation[] })
      .parseDiagnostics?.[0];
    if (diagnostic) {
      // Out of the project: a check must never walk a broken tree (an import whose specifier is
      // not a string made ts-morph throw, and the whole check with it). The finding fails the run.
      unparseable.add(absolute);
      const start = sourceFile.getLineAndColumnAtPos(diagnostic.start);
      project.removeSourceFile(sourceFile);
      parseErrors.push(
        analysisErrorFinding({
          file: relativeByPath.get(absolute)!,
          line: start.line,
          column: start.column,
          reason: `syntax error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\.$/, "")}`,
        }),
      );
    }
  }
  const parseMs = performance.now() - phaseStart;
  const relativePath = (file: SourceFile | string): string => {
    const absolute = typeof file === "string" ? file : file.getFilePath();
    return relativeByPath.get(absolute) ?? toPosixRelative(root, absolute);
  };
  const relevantFiles = loadedFiles
    .filter((file) => relevant.has(file) && !unparseable.has(file))
    .map((file) => project.getSourceFileOrThrow(file));
  return {
    project,
    root,
    relevantFiles,
    loadedFiles: loadedFiles.map((file) => relativeByPath.get(file)!),
    parseErrors,
    resolver,
    timings: { layoutMs, selectMs, parseMs },
    relativePath,
  };
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
export const MAX_NESTING_DEPTH = 1000;

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
