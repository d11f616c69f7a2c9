/**
 * Which modules an import reaches through barrels. `import { saveConfig } from "@acme/settings"`
 * needs the module that declares `saveConfig`, not the hundred others the package's index
 * re-exports. Names are traced through `export *` and `export { a as b }` chains by text scans;
 * when a name cannot be traced (an export the scan cannot see), every module the barrel reaches is
 * loaded, as if all names were wanted: the selection shrinks only where the scan is sure.
 */
import { ALL_NAMES, ANY_NAME, barrelReExports, exportedNames, scanImports, type ImportEdge } from "@secret-guardrails/core";

export interface ResolvedImport {
  /** Absolute POSIX path of the imported module. */
  readonly target: string;
  readonly names: ImportEdge["names"];
}

export interface BarrelReach {
  /** The barrels on the way (loaded, so that TypeScript resolves the chain). */
  readonly barrels: ReadonlySet<string>;
  /** The modules behind them that can provide the names. */
  readonly modules: ReadonlySet<string>;
}

export interface BarrelGraphHost {
  /** A file's text ("" when not part of the tree). */
  text(absolute: string): string;
  isBarrel(absolute: string): boolean;
  /** Absolute POSIX path of a local module, or undefined (a package, a missing file). */
  resolve(specifier: string, from: string): string | undefined;
  /** The names a module exports, if known without its text (a file index); default: scan the text. */
  exportsOf?(absolute: string): readonly string[] | typeof ANY_NAME | undefined;
}

export class BarrelGraph {
  readonly #host: BarrelGraphHost;
  readonly #imports = new Map<string, readonly ResolvedImport[]>();
  readonly #reExports = new Map<string, readonly { target: string; names?: ReadonlyMap<string, string> }[]>();
  readonly #exports = new Map<string, ReadonlySet<string> | typeof ANY_NAME>();
  readonly #everything = new Map<string, BarrelReach>();
  readonly #providers = new Map<string, BarrelReach>();

  constructor(host: BarrelGraphHost) {
    this.#host = host;
  }

  /** The local modules a file imports, with the names it takes from each. */
  importsOf(file: string): readonly ResolvedImport[] {
    let imports = this.#imports.get(file);
    if (!imports) {
      const byTarget = new Map<string, Set<string> | typeof ALL_NAMES>();
      for (const edge of scanImports(this.#host.text(file))) {
        const target = this.#host.resolve(edge.specifier, file);
        if (target === undefined) continue;
        const known = byTarget.get(target);
        if (edge.names === ALL_NAMES || known === ALL_NAMES) byTarget.set(target, ALL_NAMES);
        else byTarget.set(target, new Set([...(known ?? []), ...edge.names]));
      }
      imports = [...byTarget].map(([target, names]) => ({ target, names: names === ALL_NAMES ? ALL_NAMES : [...names] }));
      this.#imports.set(file, imports);
    }
    return imports;
  }

  /** What importing `names` from `barrel` reaches. */
  reach(barrel: string, names: ImportEdge["names"]): BarrelReach {
    if (names === ALL_NAMES) return this.#everythingOf(barrel, new Set());
    const reach = { barrels: new Set<string>(), modules: new Set<string>() };
    for (const name of names) {
      const found = this.#providersOf(barrel, name, new Set());
      mergeInto(reach, found.modules.size > 0 ? found : this.#everythingOf(barrel, new Set()));
    }
    return reach;
  }

  #reExportsOf(barrel: string) {
    let reExports = this.#reExports.get(barrel);
    if (!reExports) {
      reExports = barrelReExports(this.#host.text(barrel)).flatMap((reExport) => {
        const target = this.#host.resolve(reExport.specifier, barrel);
        return target === undefined ? [] : [{ target, ...(reExport.names ? { names: reExport.names } : {}) }];
      });
      this.#reExports.set(barrel, reExports);
    }
    return reExports;
  }

  #exportsOf(module: string): ReadonlySet<string> | typeof ANY_NAME {
    let names = this.#exports.get(module);
    if (!names) {
      const known = this.#host.exportsOf?.(module);
      names = known === undefined ? exportedNames(this.#host.text(module)) : known === ANY_NAME ? ANY_NAME : new Set(known);
      this.#exports.set(module, names);
    }
    return names;
  }

  /** Every module a barrel reaches, through nested barrels. */
  #everythingOf(barrel: string, visiting: Set<string>): BarrelReach {
    const cached = this.#everything.get(barrel);
    if (cached) return cached;
    const barrels = new Set([barrel]);
    const modules = new Set<string>();
    if (visiting.has(barrel)) return { barrels, modules };
    visiting.add(barrel);
    for (const { target } of this.#reExportsOf(barrel)) {
      if (!this.#host.isBarrel(target)) {
        modules.add(target);
        continue;
      }
      mergeInto({ barrels, modules }, this.#everythingOf(target, visiting));
    }
    visiting.delete(barrel);
    const reach = { barrels, modules };
    // Inside a cycle of barrels an answer can lack what the cut path leads to: only the outermost is kept.
    if (visiting.size === 0) this.#everything.set(barrel, reach);
    return reach;
  }

  /** The modules that export `name` through `barrel` (empty: the scan cannot tell). */
  #providersOf(barrel: string, name: string, visiting: Set<string>): BarrelReach {
    const key = `${barrel}\0${name}`;
    const cached = this.#providers.get(key);
    if (cached) return cached;
    const barrels = new Set([barrel]);
    const modules = new Set<string>();
    if (visiting.has(key)) return { barrels, modules };
    visiting.add(key);
    for (const { target, names } of this.#reExportsOf(barrel)) {
      let original = name;
      if (names) {
        const mapped = names.get(name);
        if (mapped === undefined) continue;
        if (mapped === ALL_NAMES) {
          // `export * as ns from "./x"`: `ns` stands for the whole module.
          if (this.#host.isBarrel(target)) mergeInto({ barrels, modules }, this.#everythingOf(target, new Set()));
          else modules.add(target);
          continue;
        }
        original = mapped;
      } else if (name === "default") {
        continue; // `export *` never re-exports a default export
      }
      if (this.#host.isBarrel(target)) {
        const nested = this.#providersOf(target, original, visiting);
        if (nested.modules.size > 0) mergeInto({ barrels, modules }, nested);
        continue;
      }
      const exported = this.#exportsOf(target);
      if (exported === ANY_NAME || exported.has(original)) modules.add(target);
    }
    visiting.delete(key);
    const reach = { barrels, modules };
    if (visiting.size === 0) this.#providers.set(key, reach);
    return reach;
  }
}

/** Adds the barrels and modules of `from` to `into`. */
function mergeInto(into: { readonly barrels: Set<string>; readonly modules: Set<string> }, from: BarrelReach): void {
  for (const file of from.barrels) into.barrels.add(file);
  for (const file of from.modules) into.modules.add(file);
}
