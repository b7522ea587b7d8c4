import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

export default mergeConfig(packageTestConfig({ name: "install", testTimeout: 300_000 }), {
  test: {
    // Tarballs are packed once per run; each test file installs them once, in `beforeAll`.
    globalSetup: ["./test/support/global-setup.ts"],
    hookTimeout: 600_000,
  },
});
