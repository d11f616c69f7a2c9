export { Analysis, AnalysisBudgetError, type AnalysisHost, type EngineFinding, type EngineSuggestion, type FileAnalysis, type SecretClear } from "./analysis.js";
export { Evaluator, type EvaluatorHost } from "./evaluate.js";
export { endpointsOf } from "./endpoints.js";
export type { Focus } from "./focus.js";
export * from "./messages.js";
export { isTreeOf, type TS, type Ts } from "./ts.js";
export { lineAndColumn, identifierPath } from "./syntax.js";
