// @ts-check
// The JavaScript REPL's variables as the host reads and sets them (text-tag FINAL_VAR, `query`,
// `context_1`, ...). Stringified into the worker's source (see runner/main.js), so it must be
// self-contained.

/**
 * @param {object} options
 * @param {typeof import("node:vm")} options.vm passed in: the worker imports it
 * @param {ReturnType<typeof import("./guarded-realm.js").guardedRealm>} options.guardedRealm
 * @param {(error: unknown) => string} options.describeError
 * @param {(value: unknown) => string | undefined} options.finalJson a value as FINAL takes it
 */
export function realmVariables({ vm, guardedRealm, describeError, finalJson }) {
  const { realm, builtinNames, guarded, isTimeout } = guardedRealm;
  /** How long encoding a variable for text-tag FINAL_VAR may take (it may be 64 M characters). */
  const READ_TIMEOUT_MS = 30_000;
  /**
   * A variable the host owns (`query`, `context_1`, ...): configurable, so the host can
   * replace it for the next question; an assignment from code throws, since a model that
   * names its own variable `query` must learn that it did not take. The accessors are made
   * in the realm, so they lend code nothing of this one.
   */
  const hostVariable = vm.runInContext(
    `(name, value) => ({
      get: () => value,
      set: () => {
        throw new TypeError("\`" + name + "\` is read-only: the host sets it. Give your variable another name.");
      },
      configurable: true,
      enumerable: false,
    })`,
    realm,
  );
  return {
    /**
     * Defines or replaces the host's variable `name` with `value`, which belongs to the realm.
     * @param {string} name
     * @param {unknown} value
     */
    set(name, value) {
      try {
        Object.defineProperty(realm, name, hostVariable(name, value));
        builtinNames.add(name);
      } catch {
        // Only a variable the code made non-configurable can refuse; it keeps the code's value.
      }
    },
    /**
     * The code's variable `name` (or `context`) as text: a string as is, anything else as JSON
     * (refused, as by FINAL, if it holds bytes).
     * @param {string} name
     * @returns {{ value?: string, error?: string }} neither for no such variable
     */
    read(name) {
      if (
        !(
          (!builtinNames.has(name) || name === "context") &&
          (name === "context" || Object.hasOwn(realm, name))
        )
      )
        return {};
      try {
        const value = guarded(() => {
          const current = realm[name];
          if (current === undefined) return undefined;
          // As FINAL takes it: bytes are refused, not sent as `{"0":137,...}`.
          return typeof current === "string" ? current : finalJson(current);
        }, READ_TIMEOUT_MS);
        return typeof value === "string" ? { value } : {};
      } catch (failure) {
        return {
          error: isTimeout(failure)
            ? `encoding it as JSON took over ${READ_TIMEOUT_MS / 1000} s`
            : describeError(failure),
        };
      }
    },
  };
}
