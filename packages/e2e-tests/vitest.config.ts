import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({ name: "e2e" });
