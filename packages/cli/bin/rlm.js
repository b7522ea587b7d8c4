#!/usr/bin/env node
// The `rlm` command. A file that exists before the build, so installing a workspace that
// depends on this package can link the command; the code is in dist/ once built.
// It checks the Node.js version first, in syntax every Node.js parses: the code it then
// imports (and its dependencies) would fail on an older one with a bare SyntaxError.
import { readFileSync } from "node:fs";

const { engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const [needMajor, needMinor] = /(\d+)\.(\d+)/.exec(engines.node).slice(1).map(Number);
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  process.stderr.write(
    `rlm: needs Node.js ${needMajor}.${needMinor} or newer; this is Node.js ${process.versions.node} (${process.execPath}). Install a current Node.js LTS and run rlm again.\n`,
  );
  process.exit(2);
}
// Not awaited: top-level await is itself syntax that Node.js before 14.8 cannot parse.
import("../dist/bin.js");
