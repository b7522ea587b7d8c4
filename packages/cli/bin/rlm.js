#!/usr/bin/env node
// The `rlm` command. A file that exists before the build, so installing a workspace that
// depends on this package can link the command; the code is in dist/ once built.
import "../dist/bin.js";
