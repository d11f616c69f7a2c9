// Preloaded (NODE_OPTIONS=--import) into measured node processes when GNU time is unavailable:
// writes this process's peak RSS in KB and its CPU time (user + system) in ms to $BENCH_RSS_DIR/rss-<pid> at exit.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
  process.on("exit", () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(join(dir, `rss-${process.pid}`), `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
    } catch {
      // best effort
    }
  });
}
