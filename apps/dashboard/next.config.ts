import type { NextConfig } from "next";

const config: NextConfig = {
  // A local tool: no powered-by header, no image optimisation service.
  poweredByHeader: false,
  images: { unoptimized: true },
  // `tsc --noEmit` checks the whole package (tests included) as its own step; checking
  // again inside every build would only slow the build the browser tests wait for.
  typescript: { ignoreBuildErrors: true },
};

export default config;
