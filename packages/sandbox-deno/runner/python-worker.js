// @ts-check
// The Python REPL: Pyodide (from the `pyodide` npm package, offline) started from a memory
// snapshot inside the sandbox worker. Stringified and run as an eval Worker: self-contained;
// its helpers arrive as `tools` (runner/main.js).
//
// ARCH: sub-calls are synchronous in Python. `llm_query` calls pyodide.ffi.run_sync on a
// Promise (JSPI stack switching), which only works when the cell was entered through
// runPythonAsync. While Python is suspended the worker's event loop runs and receives the
// host's answer. Time limits use Pyodide's interrupt buffer, set by the runner's main thread
// (this thread may be busy), which raises KeyboardInterrupt and keeps every variable.
/** @import { MessagePort } from "node:worker_threads" */
/** @import { Cell, HostRequest, RunnerConfig, WorkerTools } from "./runner-types.js" */
/**
 * A Python cell: its time limit is read from the interrupt buffer, set by the runner.
 * @typedef {Cell & { timeoutMs: number }} PythonCell
 */

/**
 * @param {RunnerConfig} config
 * @param {WorkerTools} tools
 */
export function pythonWorkerMain(config, tools) {
  (async () => {
    const { parentPort } = await import("node:worker_threads");
    const runner = await tools.connectToRunner(/** @type {MessagePort} */ (parentPort));
    const readFileSync = Deno.readFileSync;
    const permissions = Deno.permissions;
    const process = (await import("node:process")).default;
    process.on("unhandledRejection", () => {});
    process.on("uncaughtException", () => {});
    globalThis.addEventListener?.("unhandledrejection", (event) => event.preventDefault());

    const interrupt = new Uint8Array(new SharedArrayBuffer(1));
    /** Nothing ever wakes it: `time.sleep` waits on it for a step at a time. */
    const pauseCell = new Int32Array(new SharedArrayBuffer(4));
    runner.post({ type: "interrupt-buffer", buffer: interrupt.buffer });
    /** @type {PythonCell | undefined} */
    let cell;
    /** @type {import("./cell-attribution.js").CellAttribution<PythonCell>} */
    const attribution = tools.cellAttribution((await import("node:async_hooks")).AsyncLocalStorage);
    const output = tools.cellOutput(config.maxOutputChars);
    const bridge = tools.subCallBridge({
      runner,
      attribution,
      currentCell: () => cell,
      PromiseClass: Promise,
      ErrorClass: Error,
    });
    /** @param {string} text */
    const append = (text) => output.append(cell, text);
    /**
     * What Python prints: kept only when the code printing belongs to the running cell.
     * @param {string} line
     */
    const printed = (line) => {
      if (attribution.caller(cell)) append(`${line}\n`);
    };

    const { loadPyodide } = await import(`file://${config.directory}/pyodide.mjs`);
    const py = await loadPyodide({
      indexURL: `${config.directory}/`,
      _loadSnapshot: await Deno.readFile(config.snapshotPath),
      stdout: printed,
      stderr: printed,
    });
    py.setStdout({ batched: printed });
    py.setStderr({ batched: printed });
    py.setInterruptBuffer(interrupt);

    const subCalls = tools.pythonSubCalls(bridge);
    py.registerJsModule("_rlm_host", {
      ...subCalls.host,
      tool: (/** @type {string} */ name, /** @type {string} */ argsJson) =>
        bridge.request("tool", { name, argsJson }),
      // At most one step: a longer wait would again be one no interrupt reaches.
      pause: (/** @type {unknown} */ ms) =>
        Atomics.wait(pauseCell, 0, 0, Math.min(Number(ms) || 0, 50)),
      final: (/** @type {string} */ json) => {
        const caller = attribution.caller(cell);
        if (caller && caller.final === undefined) caller.final = json;
      },
    });
    // Measured with Pyodide 314: unbounded recursion stopped cleanly at 3,000 and hung at 6,000.
    const MAX_RECURSION_LIMIT = 3000;
    const api = py.runPython(`
import json as _json, sys as _sys, types as _types
from pyodide.ffi import run_sync as _run_sync
import _rlm_host
_api = _types.ModuleType("_rlm_api")
_BUILTIN = set()
def _export(fn):
    setattr(_api, fn.__name__, fn); _BUILTIN.add(fn.__name__); return fn
def _model(name):
    return None if name is None else str(name)
${subCalls.source}
def _final_default(value):
    # str() would send bytes as their repr ("b'\\x89PNG...'").
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"FINAL values must be JSON; encode bytes as base64 first (base64.b64encode(data).decode()): found {type(value).__name__}.")
    return str(value)
@_export
def FINAL(value):
    _rlm_host.final(_json.dumps(value, default=_final_default))
@_export
def SHOW_VARS():
    return [k for k in _user if not k.startswith("_") and k not in _BUILTIN]
_user = {"__name__": "__main__", "__builtins__": __builtins__}
@_export
def FINAL_VAR(name):
    key = str(name)
    if key in _BUILTIN or key not in _user:
        raise NameError(f'FINAL_VAR: no variable named "{key}".')
    FINAL(_user[key])
def _add_tool(name):
    def tool(args=None, /, **fields):
        if fields:
            if args is not None:
                raise TypeError(f"{name}() takes one dict or keyword arguments, not both")
            args = fields
        return _json.loads(_run_sync(_rlm_host.tool(name, _json.dumps(args, default=str))))
    tool.__name__ = name
    _export(tool)
def _install():
    for name in _BUILTIN:
        _user[name] = getattr(_api, name)
def _read(name):
    if name == "context": return _read_value(_api.context)
    if name in _BUILTIN or name not in _user: return None
    return _read_value(_user[name])
def _read_value(value):
    if value is None: return None
    if isinstance(value, str): return value
    # As FINAL takes it: bytes are refused, not sent as their repr. The host is told the
    # error's last line, which json's note ("when serializing ...") would otherwise be.
    try: return _json.dumps(value, default=_final_default)
    except TypeError as error: raise TypeError(str(error)) from None
def _decode(kind, path):
    # The encodings of src/context-file.ts: text, json, bytes, or a list (strings, bytes, json).
    with open(path, "rb") as f: data = f.read()
    if kind == "text": return data.decode("utf-8")
    if kind == "json": return _json.loads(data)
    if kind == "bytes": return data
    newline = data.index(10)
    value = []; offset = newline + 1
    for entry in _json.loads(data[:newline]):
        n = entry if isinstance(entry, int) else entry[1]
        item = data[offset:offset + n]; offset += n
        if isinstance(entry, int): value.append(item.decode("utf-8"))
        else: value.append(item if entry[0] == "bytes" else _json.loads(item))
    return value
def _load(kind, path):
    _api.context = _decode(kind, path); _BUILTIN.add("context")
def _set(name, json, kind=None, path=None):
    # Restored before every cell by _install, like context: code reads it but cannot keep a change.
    setattr(_api, name, _json.loads(json) if kind is None else _decode(kind, path)); _BUILTIN.add(name)
def _guard_interpreter():
    # Pyodide's os.system waits forever inside WebAssembly, where no interrupt is seen; the
    # others cannot work either. They fail at once instead (os and posix share them).
    import errno, os, posix
    def _no_processes(name):
        def refuse(*args, **kwargs):
            raise OSError(errno.ENOTSUP, f"os.{name} is not available: this sandbox cannot run processes.")
        refuse.__name__ = name
        return refuse
    names = ["system", "fork", "forkpty", "posix_spawn", "posix_spawnp"]
    names += [n for n in dir(os) if n.startswith(("exec", "spawn"))]
    for module in (os, posix):
        for name in names:
            if hasattr(module, name): setattr(module, name, _no_processes(name))
    # Unbounded recursion past this depth overflows Pyodide's stack inside WebAssembly, which
    # no interrupt reaches: the process had to be killed and every variable was lost.
    set_limit = _sys.setrecursionlimit
    def setrecursionlimit(limit):
        if limit > ${MAX_RECURSION_LIMIT}:
            raise ValueError(f"The recursion limit can be at most ${MAX_RECURSION_LIMIT} in this sandbox: deeper recursion overflows Pyodide's stack, where a time limit cannot stop it.")
        set_limit(limit)
    _sys.setrecursionlimit = setrecursionlimit
    # Pyodide's time.sleep swallows the interrupt: it sleeps in short waits of its own instead,
    # between which Python reads the time limit's interrupt.
    import time
    def sleep(seconds):
        seconds = float(seconds)
        if seconds < 0: raise ValueError("sleep length must be non-negative")
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0: _rlm_host.pause(min(left, 0.05) * 1000)
    time.sleep = sleep
_guard_interpreter()
(_user, _install, _read, _load, _add_tool, _set)
`);
    const [userGlobals, install, readVar, loadContext, addTool, setVar] = api.toJs({ depth: 1 });
    const repr = py.globals.get("repr");

    /** @param {Extract<HostRequest, { type: "load" }>} message */
    async function load(message) {
      const bytes = readFileSync(config.contextPath);
      permissions.revokeSync({ name: "read" });
      py.FS.writeFile("/context.data", bytes);
      loadContext(message.contextKind, "/context.data");
      py.FS.unlink("/context.data");
      for (const name of message.toolNames ?? []) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        addTool(name);
      }
      install();
      tools.lockDownWorkerRealm(runner.portPrototype);
      runner.post({ type: "ready" });
    }

    /**
     * @param {PythonCell} current
     * @param {{ error?: string, timedOut?: boolean }} fields
     */
    function finishCell(current, fields) {
      current.done = true;
      bridge.drop(current.cellId, "The cell has ended.");
      runner.post({
        type: "cell-result",
        cellId: current.cellId,
        output: output.text(current),
        truncated: current.truncated,
        ...(current.final !== undefined ? { finalJson: current.final } : {}),
        lateCalls: attribution.takeLateCount(),
        ...fields,
      });
      if (cell === current) cell = undefined;
    }

    /** @param {Extract<HostRequest, { type: "execute" }>} message */
    async function execute(message) {
      /** @type {PythonCell} */
      const current = {
        cellId: message.cellId,
        output: [],
        chars: 0,
        truncated: false,
        done: false,
        calls: 0,
        maxCalls:
          typeof message.maxSubCalls === "number" ? message.maxSubCalls : Number.POSITIVE_INFINITY,
        timeoutMs: message.timeoutMs,
      };
      cell = current;
      interrupt[0] = 0;
      install();
      try {
        const value = await attribution.run(current, () =>
          py.runPythonAsync(message.code, { globals: userGlobals }),
        );
        if (value !== undefined && value !== null) {
          append(`${repr(value)}\n`);
          value?.destroy?.();
        }
        finishCell(
          current,
          current.timedOut ? { error: timeoutText(current), timedOut: true } : {},
        );
      } catch (/** @type {any} */ error) {
        const text = String(error?.message ?? error);
        if (current.timedOut || /KeyboardInterrupt/.test(text)) {
          return finishCell(current, { error: timeoutText(current), timedOut: true });
        }
        const lines = text.trim().split("\n");
        const start = lines.findIndex((line) => line.includes('File "<exec>"'));
        finishCell(current, {
          error: (start >= 0 ? lines.slice(start) : lines.slice(-12)).join("\n").slice(0, 20_000),
        });
      }
    }
    /** @param {PythonCell} current */
    const timeoutText = (current) =>
      `Cell timed out after ${current.timeoutMs} ms (variables were kept).`;

    runner.onMessage((message) =>
      setImmediate(() => {
        switch (message?.type) {
          case "load":
            load(message).catch((error) =>
              runner.post({
                type: "load-error",
                error: String(error?.message ?? error),
              }),
            );
            break;
          case "warm-up": // see runner/main.js
            runner.post({ type: "started" });
            break;
          case "execute":
            execute(message);
            break;
          case "bridge-result":
            bridge.settle(message);
            break;
          case "interrupt":
            // Python may be suspended in a sub-call, where the interrupt buffer is not read.
            if (cell) {
              cell.timedOut = true;
              bridge.drop(undefined, "KeyboardInterrupt: the cell timed out.");
            }
            break;
          case "set-variable":
            try {
              if ("json" in message) setVar(String(message.name), String(message.json));
              else {
                // A value holding bytes: encoded as a context file is, so decoded the same way.
                py.FS.writeFile("/variable.data", Uint8Array.fromBase64(message.data));
                setVar(String(message.name), null, message.kind, "/variable.data");
                py.FS.unlink("/variable.data");
              }
            } catch {
              // Host-made JSON under a host-chosen name: nothing here is expected to fail.
            }
            runner.post({ type: "variable", requestId: message.requestId });
            break;
          case "read-variable": {
            let value;
            let error;
            try {
              value = readVar(String(message.name));
            } catch (/** @type {any} */ failure) {
              error = String(failure?.message ?? failure)
                .trim()
                .split("\n")
                .at(-1);
            }
            runner.post({
              type: "variable",
              requestId: message.requestId,
              ...(typeof value === "string" ? { value } : {}),
              ...(error !== undefined ? { error } : {}),
            });
            break;
          }
        }
      }),
    );
    runner.post({ type: "started" });
  })().catch((error) => {
    throw error;
  });
}
