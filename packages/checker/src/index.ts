export { defineCheck, formatMessage, runCheck, type Check, type CheckContext, type CheckMeta, type Reporter, type ReportDescriptor } from "./check.js";
export { checks } from "./checks/index.js";
export { loadProject, ANALYSIS_COMPILER_OPTIONS, type LoadProjectOptions, type LoadedProject } from "./load-project.js";
export { ModuleResolver, findWorkspaceLayout, type WorkspaceLayout, type WorkspacePackage } from "./module-resolution.js";
export {
  runChecker,
  runCheckerOnRoot,
  type CheckerProgress,
  type CheckerResult,
  type RunCheckerOnRootOptions,
  type RunCheckerOptions,
} from "./run-checker.js";
export { ProjectConfigError } from "./tsconfig.js";
