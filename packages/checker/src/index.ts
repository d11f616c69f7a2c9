export { applyCheck } from "./check.js";
export { checks } from "./checks/index.js";
export { runChecker, type CheckerProgress, type CheckerResult } from "./run-checker.js";
