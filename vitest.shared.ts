import { defineProject } from "vitest/config";

/**
 * Test configuration every package shares: workspace packages resolve to their `src/`
 * through the `@rlm/source` export condition, so tests need no build step.
 */
export function packageTestConfig(options: { name: string; testTimeout?: number }) {
  // Vite's default server conditions, with ours first.
  const conditions = ["@rlm/source", "module", "node", "development|production"];
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@rlm/source"] } },
    test: {
      name: options.name,
      environment: "node",
      // A ceiling that only catches a hang: on a machine busy with other work, tests that
      // take seconds on a quiet one take several times longer.
      testTimeout: options.testTimeout ?? 120_000,
      // Hooks start sandboxes and servers: the same ceiling, not vitest's 10 s.
      hookTimeout: 120_000,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    },
  });
}
