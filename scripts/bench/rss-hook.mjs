// Preloaded (NODE_OPTIONS=--import) into measured node processes when GNU time is unavailable:
// writes this process's peak RSS in KB to $BENCH_RSS_DIR/rss-<pid> at exit.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
  process.on("exit", () => {
    try {
      writeFileSync(join(dir, `rss-${process.pid}`), String(process.resourceUsage().maxRSS));
    } catch {
      // best effort
    }
  });
}
