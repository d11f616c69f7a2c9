import { posix } from "node:path";
import { Project, ts } from "../ts-morph.js";
import type { SourceFile } from "ts-morph";
import { createRegistry, parsePrismaSchema, type GuardrailsConfig, type PrismaModel } from "@secret-guardrails/core";
import type { TS } from "@secret-guardrails/analysis";
import type { CheckContext } from "../check.js";
import { FlowResults } from "../flow.js";
import type { ts as Ts } from "ts-morph";

const TEST_ROOT = "/repo";

/**
 * An in-memory project for check tests: `files` maps root-relative paths to contents. `.prisma`
 * files feed the registry; `.ts`/`.tsx` files become source files; everything else is a text file.
 * Every source file counts as relevant.
 */
export function createTestContext(
  files: Readonly<Record<string, string>>,
  config: GuardrailsConfig = {},
  compilerOptions: Ts.CompilerOptions = {},
  /** Models from elsewhere than a `.prisma` file (Drizzle tables). */
  extraModels: readonly PrismaModel[] = [],
): CheckContext {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.Preserve,
      skipLibCheck: true,
      ...compilerOptions,
    },
  });
  const models: PrismaModel[] = [...extraModels];
  const textFiles = new Map<string, string>();
  const sourceFiles: SourceFile[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith(".prisma")) {
      models.push(...parsePrismaSchema(text, file));
      textFiles.set(file, text);
    } else if (/\.(ts|tsx|mts|cts)$/.test(file)) {
      sourceFiles.push(project.createSourceFile(posix.join(TEST_ROOT, file), text));
    } else {
      textFiles.set(file, text);
    }
  }
  const relativePath = (file: SourceFile | string) => posix.relative(TEST_ROOT, typeof file === "string" ? file : file.getFilePath());
  const registry = createRegistry(config, models);
  return {
    root: TEST_ROOT,
    registry,
    project,
    relevantFiles: sourceFiles.map((file) => file.compilerNode as unknown as TS.SourceFile),
    unanalysed: new Set(),
    textFiles,
    relativePath,
    flow: new FlowResults({
      registry,
      roots: sourceFiles.map((file) => file.compilerNode as unknown as TS.SourceFile),
      relativePath,
      // Relative imports of the in-memory tree (packages resolve to nothing, as without node_modules).
      resolve: (specifier, from) => {
        if (!specifier.startsWith(".")) return undefined;
        const base = posix.join(posix.dirname(from), specifier);
        for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, base.replace(/\.js$/, ".ts")]) {
          if (project.getSourceFile(candidate)) return candidate;
        }
        return undefined;
      },
      engineFile: (absolute) => {
        const file = project.getSourceFile(absolute);
        return file ? { file: file.compilerNode } : undefined;
      },
    }),
  };
}
