import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

export default mergeConfig(packageTestConfig({ name: "dashboard" }), {
  test: {
    // Builds the app and starts it once for the server and browser tests.
    globalSetup: ["./test/global-setup.ts"],
    // A production build on a busy 2-core machine takes minutes; this only catches a hang.
    hookTimeout: 600_000,
  },
});
