import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({ name: "cli", testTimeout: 60_000 });
