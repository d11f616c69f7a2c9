/**
 * The checker's driver of the value-flow engine: the syntax trees of the roots (relevant files and
 * sites), a module resolver that follows imports, barrels and re-exports across the tree (parsing a
 * module when a call leads into it), and one analysis
 * per relevant file, shared by every check that asks for flow findings.
 */
import { Analysis, AnalysisBudgetError, type EngineFinding, type Focus, type SecretClear, type TS, type Ts } from "@secret-guardrails/analysis";
import { redactedErrorLine, type Category, type SecretRegistry } from "@secret-guardrails/core";
import { ts } from "./ts-morph.js";

export interface FlowHost {
  readonly registry: SecretRegistry;
  /** The files analysed (relevant files and sites); the modules they call into come from `engineFile`. */
  readonly roots: readonly TS.SourceFile[];
  /** The absolute path a module specifier of `from` resolves to, if the project can say. */
  resolve(specifier: string, from: string): string | undefined;
  /** A module by absolute path: loaded, parsed on demand, why it cannot be analysed, or nothing (outside the tree). */
  engineFile(absolute: string): { readonly file: object } | { readonly error: { readonly reason: string; readonly line?: number; readonly column?: number } } | undefined;
  relativePath(file: string): string;
  /** Called before each root's analysis (progress). */
  onFile?(file: string, index: number, total: number): void;
  /** What to check in a root that is only a site (a caller of relevant helpers); undefined: all of it. */
  focusOf?(file: TS.SourceFile): Focus | undefined;
  /** Milliseconds one file's analysis may take before it is an `analysis-error`. */
  readonly fileBudgetMs?: number;
}

/** A file whose analysis stopped (time budget): reported as not analysed. */
export interface FlowError {
  readonly file: string;
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

/** Findings of the engine over the relevant files, computed on first use. */
export class FlowResults {
  #findings: EngineFinding[] | undefined;
  #clears: SecretClear[] = [];
  #unknownClears: TS.Node[] = [];
  #errors: FlowError[] = [];

  constructor(private readonly host: FlowHost) {}

  findings(category: Category): readonly EngineFinding[] {
    return this.#run().filter((finding) => finding.category === category);
  }

  /** Writes that clear a secret (for the cleanup check). */
  get clears(): readonly SecretClear[] {
    this.#run();
    return this.#clears;
  }

  get unknownClears(): readonly TS.Node[] {
    this.#run();
    return this.#unknownClears;
  }

  get errors(): readonly FlowError[] {
    this.#run();
    return this.#errors;
  }

  #run(): EngineFinding[] {
    if (this.#findings) return this.#findings;
    const { host } = this;
    const files = new Map<string, TS.SourceFile | undefined>();
    const analysis = new Analysis({
      ts: ts as unknown as Ts,
      registry: host.registry,
      relativePath: (file) => host.relativePath(file.fileName),
      resolveModule: (from, specifier) => {
        const target = host.resolve(specifier, from.fileName);
        if (!target) return undefined;
        if (files.has(target)) return files.get(target);
        const found = host.engineFile(target);
        let file: TS.SourceFile | undefined;
        if (found && "file" in found) file = found.file as unknown as TS.SourceFile;
        else if (found) {
          // A module the analysis follows a call into and cannot read: what flows through it is unknown.
          this.#errors.push({ file: host.relativePath(target), ...found.error });
        }
        files.set(target, file);
        return file;
      },
      ...(host.fileBudgetMs !== undefined ? { fileBudgetMs: host.fileBudgetMs } : {}),
      // Routers mounted in another file, a ConfigModule's loaders: the engine looks at every root
      // (the pre-scan makes those files relevant).
      projectFiles: () => host.roots,
    });
    const findings: EngineFinding[] = [];
    const seen = new Set<string>();
    // The roots: a consumer or a caller that names nothing (a relevant file's importer) is a site
    // too. The modules the analysis follows calls into are parsed on demand.
    for (const [index, sourceFile] of host.roots.entries()) {
      host.onFile?.(host.relativePath(sourceFile.fileName), index, host.roots.length);
      try {
        const result = analysis.analyzeFile(sourceFile, host.focusOf?.(sourceFile));
        for (const finding of result.findings) {
          const file = finding.node.getSourceFile();
          const key = [finding.category, finding.messageId, file.fileName, finding.node.getStart(file), finding.node.end, finding.secret ?? ""].join("\0");
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(finding);
        }
        this.#clears.push(...result.clears);
        this.#unknownClears.push(...result.unknownClears);
      } catch (error) {
        // One file's failure (the time budget, or our own bug) never hides the others' findings.
        const file = host.relativePath(sourceFile.fileName);
        if (error instanceof AnalysisBudgetError) this.#errors.push({ file, reason: `its analysis took longer than ${error.budgetMs} ms` });
        else this.#errors.push({ file, reason: `the value-flow analysis failed on it (${crashLine(error)}); this is a bug in Secret Guardrails, please report it` });
      }
    }
    // Findings on a parameter that no analysed call substituted: reported where the parameter is used.
    for (const finding of analysis.finish()) findings.push(finding);
    this.#findings = findings;
    return findings;
  }
}

/** A crash's first line, literals and comments redacted (a message can quote the code it failed on). */
function crashLine(error: unknown): string {
  return redactedErrorLine(error instanceof Error ? error.message : String(error));
}
