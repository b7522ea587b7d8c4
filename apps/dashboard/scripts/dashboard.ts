/**
 * `pnpm dashboard` in the repository: builds the dashboard only when its build is missing or
 * older than the sources, then serves the built server, as the installed package does.
 */
import { ensureBuilt } from "./build/build-package.ts";

await ensureBuilt((line) => console.error(line));
await import("./serve.ts");
