import { packageTestConfig } from "../../vitest.shared.js";

export default packageTestConfig({ name: "provider-utils" });
