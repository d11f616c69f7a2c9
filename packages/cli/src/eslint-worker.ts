/**
 * Runs the ESLint half of a check on a worker thread, so that on a multi-core machine it overlaps
 * the cross-file checker on the main thread. Same engine, same findings as in-process.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { enableCompileCache } from "./compile-cache.js";
import { createRegistry, type Finding, type GuardrailsConfig, type PrismaModel, type SourceText } from "@secret-guardrails/core";

export interface EslintJob {
  readonly root: string;
  readonly config: GuardrailsConfig;
  readonly models: readonly PrismaModel[];
  readonly sources: readonly SourceText[];
  /** The compile cache's directory (see `enableCompileCache`), for the worker thread's own loads. */
  readonly compileCacheDir?: string;
}

type WorkerMessage =
  | { readonly type: "progress"; readonly done: number }
  | { readonly type: "done"; readonly findings: Finding[] }
  | { readonly type: "failed"; readonly message: string };

/** Lints every source of `job`, reporting progress; in this thread. */
export async function lintSources(job: EslintJob, onProgress?: (done: number) => void): Promise<Finding[]> {
  const { createEslintEngine } = await import("./eslint-engine.js");
  const engine = createEslintEngine(job.root, createRegistry(job.config, job.models), job.models);
  const findings: Finding[] = [];
  let done = 0;
  for (const source of job.sources) {
    findings.push(...(await engine.lint(source)));
    onProgress?.(++done);
  }
  return findings;
}

const WORKER_FILE = fileURLToPath(new URL("./eslint-worker.js", import.meta.url));

/** Can this build run the worker (the compiled `.js` exists; not when running from sources)? */
export function canUseWorker(): boolean {
  return existsSync(WORKER_FILE);
}

/** Starts `job` on a worker thread; the promise settles with its findings. */
export function lintSourcesInWorker(job: EslintJob, onProgress?: (done: number) => void): Promise<Finding[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: job });
    let settled = false;
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") onProgress?.(message.done);
      else if (message.type === "done") {
        settled = true;
        resolve(message.findings);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the ESLint worker exited with code ${code}`));
    });
  });
}

if (!isMainThread && parentPort && (workerData as EslintJob | undefined)?.sources) {
  const port = parentPort;
  const { compileCacheDir } = workerData as EslintJob;
  if (compileCacheDir) enableCompileCache(compileCacheDir);
  lintSources(workerData as EslintJob, (done) => port.postMessage({ type: "progress", done } satisfies WorkerMessage))
    .then((findings) => port.postMessage({ type: "done", findings } satisfies WorkerMessage))
    .catch((error: unknown) =>
      port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage),
    );
}
