// @ts-check
// The REPLs' side of llm_query, rlm_query and tools: a request to the runner per call, matched
// to the host's answer by call id. Stringified into the worker's source (see runner/main.js),
// so it must be self-contained.
/** @import { Cell, HostRequest, RunnerConnection, WorkerMessage } from "./runner-types.js" */
/** @import { CellAttribution } from "./cell-attribution.js" */

/**
 * @typedef {Omit<Extract<WorkerMessage, { type: "bridge-call" }>, "type" | "cellId" | "callId" | "kind">} SubCallFields
 */

/**
 * `PromiseClass` and `ErrorClass` are the classes model code receives: the JavaScript REPL
 * passes its realm's, so a call's promise and errors lend code nothing of the worker's realm.
 * @template {Cell} C
 * @param {object} options
 * @param {RunnerConnection} options.runner
 * @param {CellAttribution<C>} options.attribution
 * @param {() => C | undefined} options.currentCell
 * @param {PromiseConstructor} options.PromiseClass
 * @param {ErrorConstructor} options.ErrorClass
 */
export function subCallBridge({ runner, attribution, currentCell, PromiseClass, ErrorClass }) {
  let callSequence = 0;
  /** @type {Map<number, { resolve: (value: string) => void, reject: (error: unknown) => void, cellId: string }>} */
  const pending = new Map();
  return {
    /**
     * Asks the host; refused at once for a caller outside the running cell or past its cap
     * (`budget` reads, and counts against no cap).
     * @param {"llm" | "rlm" | "tool" | "budget"} kind
     * @param {SubCallFields} fields
     * @returns {Promise<string>}
     */
    request(kind, fields) {
      const caller = attribution.caller(currentCell());
      if (!caller) {
        return PromiseClass.reject(
          new ErrorClass(`${kind} calls are only allowed from the cell that is running.`),
        );
      }
      // The host enforces the same cap; refusing here spares it a flood of messages.
      if (kind !== "budget" && ++caller.calls > caller.maxCalls) {
        return PromiseClass.reject(
          new ErrorClass(
            `Sub-call limit reached: at most ${caller.maxCalls} llm_query / rlm_query / tool calls per cell.`,
          ),
        );
      }
      const callId = ++callSequence;
      return new PromiseClass((resolve, reject) => {
        pending.set(callId, { resolve, reject, cellId: caller.cellId });
        runner.post({ type: "bridge-call", cellId: caller.cellId, callId, kind, ...fields });
      });
    },
    /**
     * Settles a call of the running cell with the host's answer; whether one was settled.
     * @param {Extract<HostRequest, { type: "bridge-result" }>} message
     */
    settle(message) {
      const call = pending.get(message.callId);
      if (!call || currentCell()?.cellId !== call.cellId) return false;
      pending.delete(message.callId);
      if (message.ok) call.resolve(typeof message.value === "string" ? message.value : "");
      else {
        const error = new ErrorClass(String(message.error ?? "The call failed."));
        if (typeof message.errorName === "string") error.name = message.errorName;
        call.reject(error);
      }
      return true;
    },
    /**
     * Forgets the calls of `cellId` (every cell's, if undefined), rejecting them with
     * `reason` if given: no answer reaches them after this.
     * @param {string | undefined} cellId
     * @param {string} [reason]
     */
    drop(cellId, reason) {
      for (const [callId, call] of pending) {
        if (cellId !== undefined && call.cellId !== cellId) continue;
        pending.delete(callId);
        if (reason !== undefined) call.reject(new ErrorClass(reason));
      }
    },
  };
}
