import { packageTestConfig } from "../../vitest.shared.js";

// Tests of the benchmarks' own parts; the benchmarks run with vitest.bench.config.ts.
export default packageTestConfig({ name: "bench" });
