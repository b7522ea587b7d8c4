import { describe, expect, it } from "vitest";
import { recommendedMaxSessions } from "./recommended-max-sessions.js";

const GiB = 2 ** 30;

describe("recommendedMaxSessions", () => {
  it("takes the smaller of what half the memory holds and four per core, at least one", () => {
    // 4 GiB for sessions of 128 MB: 32; 2 cores allow 8.
    expect(
      recommendedMaxSessions({ language: "javascript", totalMemoryBytes: 8 * GiB, cores: 2 }),
    ).toBe(8);
    // 1 GiB for Python sessions of 512 MB: 2, however many cores.
    expect(
      recommendedMaxSessions({ language: "python", totalMemoryBytes: 2 * GiB, cores: 16 }),
    ).toBe(2);
    expect(
      recommendedMaxSessions({ language: "python", totalMemoryBytes: GiB / 4, cores: 16 }),
    ).toBe(1);
  });

  it("reads this machine when told nothing", () => {
    expect(recommendedMaxSessions({ language: "javascript" })).toBeGreaterThanOrEqual(1);
  });
});
