import type { NextConfig } from "next";

const config: NextConfig = {
  // A local tool: no powered-by header, no image optimisation service.
  poweredByHeader: false,
  images: { unoptimized: true },
};

export default config;
