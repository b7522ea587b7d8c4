import { describe, expect, inject, it } from "vitest";
import { runOrThrow } from "./support/run-command.js";

const { root, tarballs } = inject("packed");

describe.each(Object.entries(tarballs))("the %s tarball", (_name, tarball) => {
  it("carries the MIT LICENSE, a README and where its source and issues live", async () => {
    const listing = (await runOrThrow({ command: "tar", args: ["-tzf", tarball], cwd: root }))
      .split("\n")
      .filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(["package/LICENSE", "package/README.md"]));
    const license = await runOrThrow({
      command: "tar",
      args: ["-xzOf", tarball, "package/LICENSE"],
      cwd: root,
    });
    expect(license).toMatch(/^MIT License/);

    const manifest = JSON.parse(
      await runOrThrow({
        command: "tar",
        args: ["-xzOf", tarball, "package/package.json"],
        cwd: root,
      }),
    ) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      license: "MIT",
      repository: {
        type: "git",
        url: expect.stringMatching(/^git\+https:/),
        directory: expect.any(String),
      },
      homepage: expect.stringMatching(/^https:/),
      bugs: { url: expect.stringMatching(/^https:/) },
      engines: { node: ">=22.13" },
    });
    // Packing turned every workspace range into a version a registry can resolve.
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
  });
});
