import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const config: NextConfig = {
  // A local tool: no powered-by header, no image optimisation service.
  poweredByHeader: false,
  images: { unoptimized: true },
  // `tsc --noEmit` checks the whole package (tests included) as its own step; checking
  // again inside every build would only slow the build the browser tests wait for.
  typescript: { ignoreBuildErrors: true },
  // The published package ships this production server with the few files it needs, so
  // users start it without installing Next.js or building anything (scripts/build/).
  output: "standalone",
  // The workspace root: pnpm keeps the traced dependencies' real files there.
  outputFileTracingRoot: join(dirname(fileURLToPath(import.meta.url)), "../.."),
  // sharp is for image optimisation, which is off; its binaries would tie the package to
  // the platform it was built on and add 19 MB.
  outputFileTracingExcludes: { "*": ["**/node_modules/sharp/**", "**/node_modules/@img/**"] },
};

export default config;
