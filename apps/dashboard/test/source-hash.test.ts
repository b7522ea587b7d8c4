import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceHash } from "../scripts/build/source-hash.ts";

const app = mkdtempSync(join(tmpdir(), "rlm-dashboard-hash-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe("sourceHash, which decides when `pnpm dashboard` rebuilds", () => {
  it("changes with the sources and the configuration, not with tests or docs", () => {
    mkdirSync(join(app, "src", "app"), { recursive: true });
    writeFileSync(join(app, "src", "app", "page.tsx"), "export default 1;");
    writeFileSync(join(app, "next.config.ts"), "export default {};");
    const first = sourceHash(app);
    expect(sourceHash(app)).toBe(first);

    writeFileSync(join(app, "src", "app", "page.test.ts"), "it();");
    writeFileSync(join(app, "README.md"), "# docs");
    expect(sourceHash(app)).toBe(first);

    writeFileSync(join(app, "src", "app", "page.tsx"), "export default 2;");
    const edited = sourceHash(app);
    expect(edited).not.toBe(first);
    writeFileSync(join(app, "next.config.ts"), "export default { output: 'standalone' };");
    expect(sourceHash(app)).not.toBe(edited);
    // A renamed file is a different source even with the same content.
    writeFileSync(join(app, "next.config.ts"), "export default {};");
    rmSync(join(app, "src", "app", "page.tsx"));
    writeFileSync(join(app, "src", "app", "layout.tsx"), "export default 1;");
    expect(sourceHash(app)).not.toBe(first);
  });
});
