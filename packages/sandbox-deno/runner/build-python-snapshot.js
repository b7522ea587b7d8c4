// @ts-check
// Builds the Pyodide memory snapshot that Python sessions start from (a trusted build step:
// it may read the Pyodide directory and write exactly one file). Run with a clean
// environment: the snapshot captures the interpreter's state, os.environ included.
const [directory, outputPath] = /** @type {[string, string]} */ (Deno.args);
const { loadPyodide } = await import(`file://${directory}/pyodide.mjs`);
const pyodide = await loadPyodide({
  indexURL: `${directory}/`,
  _makeSnapshot: true,
  env: { HOME: "/home/pyodide" },
});
pyodide.runPython("import json, sys, traceback, pyodide.ffi, pyodide.code");
await Deno.writeFile(outputPath, pyodide.makeMemorySnapshot());
