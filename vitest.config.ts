import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

const TESTS = ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "scripts/**/*.test.ts"];
/** Test files that mock a module with `vi.mock`. */
export const MOCKING = ["packages/cli/test/hostile/fix-convergence.test.ts", "packages/cli/test/hostile/engine-crash.test.ts"];

export default defineConfig({
  resolve: {
    // Tests run against the sources of the workspace packages, not their build output.
    alias: {
      "@secret-guardrails/core": src("core"),
      "@secret-guardrails/checker": src("checker"),
      "@secret-guardrails/analysis": src("analysis"),
      "eslint-plugin-secret-guardrails": src("eslint-plugin"),
    },
  },
  test: {
    setupFiles: ["./vitest.setup.ts"],
    // Is packages/*/dist there and as new as the sources? (for the tests of the built CLI)
    globalSetup: ["./vitest.global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        // Test files share their worker's module cache (TypeScript, ts-morph and ESLint are loaded
        // once per worker, not once per file: the larger part of a run's time). They keep no state
        // in modules that another file could see.
        extends: true,
        test: { name: "shared", include: TESTS, exclude: MOCKING, isolate: false },
      },
      {
        // `vi.mock` replaces a module for one file: those files get fresh modules.
        extends: true,
        test: { name: "isolated", include: MOCKING, isolate: true },
      },
    ],
  },
});
