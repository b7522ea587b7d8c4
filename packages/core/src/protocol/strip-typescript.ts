type StripTypes = (code: string, options?: { mode?: "strip" | "transform" }) => string;

/**
 * Removes TypeScript type annotations with Node's built-in `module.stripTypeScriptTypes`
 * (Node >= 22.13), so `ts` blocks run in a JavaScript sandbox. Enums and namespaces are
 * transformed rather than rejected.
 */
export function stripTypeScript(code: string): string {
  const nodeModule = process.getBuiltinModule("node:module") as {
    stripTypeScriptTypes?: StripTypes;
  };
  if (!nodeModule.stripTypeScriptTypes) {
    throw new Error("TypeScript blocks need Node.js >= 22.13 (module.stripTypeScriptTypes).");
  }
  return nodeModule.stripTypeScriptTypes(code, { mode: "transform" });
}
