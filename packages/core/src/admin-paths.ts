/** Admin paths: a route handler under an admin segment, or any file in an admin directory. */
import { isAdminRouteFile } from "./matchers.js";
import type { SecretRegistry } from "./registry.js";

/** Does the path have an admin segment (a route handler under `admin`, or any `admin` directory)? */
export function hasAdminPath(file: string, registry: SecretRegistry): boolean {
  if (isAdminRouteFile(file, registry)) return true;
  const segments = file.split("/");
  segments.pop();
  return segments.some((segment) => registry.admin.pathSegmentPattern.test(segment.replace(/^\((.*)\)$/, "$1")));
}
