import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({
  name: "reliability",
  // Each suite is one test of 100 runs: minutes on a busy machine. This only catches a hang.
  testTimeout: 900_000,
});
