import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The `@rlm/dashboard` package beside this CLI, and the Node arguments of its commands. */
export interface InstalledDashboard {
  dir: string;
  /** Starts the server; options such as `--port` follow. */
  serve: string[];
  /** Imports the trajectory files that follow into the dashboard's database. */
  import: string[];
}

/**
 * The dashboard package as this CLI resolves it (a dependency), or `undefined` when it is
 * missing. In a checkout of the repository it is the source folder: its scripts run from
 * source and build the server when the sources changed; an installed package runs its bin.
 */
export function findDashboard(): InstalledDashboard | undefined {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve("@rlm/dashboard/package.json"));
  } catch {
    return undefined;
  }
  const bin = join(dir, "bin", "rlm-dashboard.js");
  if (existsSync(join(dir, "scripts", "dashboard.ts"))) {
    return {
      dir,
      serve: [join(dir, "scripts", "dashboard.ts")],
      import: [join(dir, "scripts", "import-trajectory.ts")],
    };
  }
  return { dir, serve: [bin], import: [bin, "import"] };
}
