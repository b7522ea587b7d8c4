import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({ name: "reliability", testTimeout: 120_000 });
