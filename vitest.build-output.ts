/**
 * For the tests that run the build output (`node packages/cli/dist/bin.js`, `require()` of the built
 * plugin): fail, never skip, when it is missing or older than the sources (vitest.global-setup.ts
 * checks once per run).
 */
import { inject } from "vitest";

export function expectFreshBuild(): void {
  const problem = inject("buildProblem");
  if (problem) throw new Error(problem);
}
