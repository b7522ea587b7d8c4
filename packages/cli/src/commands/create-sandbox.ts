import type { Sandbox } from "@rlm/core";

/** The Deno sandbox for the CLI, with a way to release its warm processes at the end. */
export async function createSandbox(
  language: "javascript" | "python",
): Promise<Sandbox & { close?: () => Promise<void> }> {
  const { denoSandbox } = await import("@rlm/sandbox-deno");
  return denoSandbox({ language });
}
