/**
 * `pnpm --filter @rlm/dashboard build`: builds what the package ships (see scripts/build/),
 * unless `dist/` already holds a build of the current sources, so the test suites and
 * `turbo run build` share one build.
 */
import { ensureBuilt } from "./build/build-package.ts";

await ensureBuilt((line) => console.log(line));
