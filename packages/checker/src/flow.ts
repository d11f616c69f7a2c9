/**
 * The checker's driver of the value-flow engine: the trees of the one ts-morph project, a module
 * resolver that follows imports, barrels and re-exports across the loaded files, and one analysis
 * per relevant file, shared by every check that asks for flow findings.
 */
import { Analysis, AnalysisBudgetError, type EngineFinding, type SecretClear, type TS, type Ts } from "@secret-guardrails/analysis";
import type { Category, SecretRegistry } from "@secret-guardrails/core";
import type { Project, SourceFile } from "ts-morph";
import { ts } from "./ts-morph.js";

export interface FlowHost {
  readonly registry: SecretRegistry;
  readonly project: Project;
  readonly relevantFiles: readonly SourceFile[];
  /** The absolute path a module specifier of `from` resolves to, if the project can say. */
  resolve(specifier: string, from: string): string | undefined;
  relativePath(file: SourceFile | string): string;
  /** Milliseconds one file's analysis may take before it is an `analysis-error`. */
  readonly fileBudgetMs?: number;
}

/** A file whose analysis stopped (time budget): reported as not analysed. */
export interface FlowError {
  readonly file: string;
  readonly reason: string;
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
    const files = new Map<string, TS.SourceFile>();
    const analysis = new Analysis({
      ts: ts as unknown as Ts,
      registry: host.registry,
      relativePath: (file) => host.relativePath(file.fileName),
      resolveModule: (from, specifier) => {
        const target = host.resolve(specifier, from.fileName);
        if (!target) return undefined;
        let file = files.get(target);
        if (!file) {
          const loaded = host.project.getSourceFile(target);
          if (!loaded) return undefined;
          file = loaded.compilerNode as unknown as TS.SourceFile;
          files.set(target, file);
        }
        return file;
      },
      ...(host.fileBudgetMs !== undefined ? { fileBudgetMs: host.fileBudgetMs } : {}),
      // Routers mounted in another file, a ConfigModule's loaders: the engine looks at the whole project.
      projectFiles: () => (projectFiles ??= host.project.getSourceFiles().map((file) => file.compilerNode as unknown as TS.SourceFile)),
    });
    let projectFiles: TS.SourceFile[] | undefined;
    const findings: EngineFinding[] = [];
    const seen = new Set<string>();
    // Every loaded file: a consumer or a caller that names nothing (a relevant file's importer) is a site too.
    const analysed = [...new Set([...host.relevantFiles, ...host.project.getSourceFiles()])];
    for (const sourceFile of analysed) {
      try {
        const result = analysis.analyzeFile(sourceFile.compilerNode as unknown as TS.SourceFile);
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
        if (!(error instanceof AnalysisBudgetError)) throw error;
        this.#errors.push({ file: host.relativePath(sourceFile), reason: `its analysis took longer than ${error.budgetMs} ms` });
      }
    }
    // Findings on a parameter that no analysed call substituted: reported where the parameter is used.
    for (const finding of analysis.finish()) findings.push(finding);
    this.#findings = findings;
    return findings;
  }
}
