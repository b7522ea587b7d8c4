#!/usr/bin/env node
// Plain JavaScript that any Node can parse, so an old one gets this message, not a SyntaxError.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `The RLM dashboard needs Node.js 22.13 or later (its database is node:sqlite); this is ${process.version}.`,
  );
  process.exit(1);
}
if (process.argv[2] === "import") {
  process.argv.splice(2, 1);
  await import("../dist/bin/scripts/import-trajectory.js");
} else {
  await import("../dist/bin/scripts/serve.js");
}
