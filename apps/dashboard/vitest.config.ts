import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({ name: "dashboard", testTimeout: 60_000 });
