import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

export default mergeConfig(packageTestConfig({ name: "dashboard", testTimeout: 60_000 }), {
  test: {
    // Builds the app and starts it once for the server and browser tests.
    globalSetup: ["./test/global-setup.ts"],
    hookTimeout: 120_000,
  },
});
