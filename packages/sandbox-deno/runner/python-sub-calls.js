// @ts-check
// The Python REPL's sub-call functions (llm_query, rlm_query, their batched forms, budget): the
// Python source that runner/python-worker.js runs before any code, and the functions of the
// `_rlm_host` module it calls, which send the requests. Stringified into the worker's
// source (see runner/main.js), so it must be self-contained.
//
// Prompts of parts are checked and encoded here (`WirePart` in runner/runner-types.d.ts):
// bytes as base64, a data URL as given. A typed call's answer is JSON, decoded into Python
// values. A sub-context holding bytes travels as `WireSubContext`. The source expects `_json`,
// `_run_sync`, `_rlm_host`, `_export` and `_model` from the worker's prelude.

/**
 * The Python source, and the functions of the `_rlm_host` module it calls.
 * @param {ReturnType<typeof import("./sub-call-bridge.js").subCallBridge>} bridge
 */
export function pythonSubCalls(bridge) {
  /** @param {Promise<unknown>} promise */
  const slot = (promise) =>
    promise.then(
      (value) => value,
      (/** @type {any} */ error) => `Error: ${error?.message ?? error}`,
    );
  // Python's None arrives as undefined (or null inside JSON). What is not a string is
  // refused by the runner (runner/main.js), as from any code.
  /**
   * @param {string | null | undefined} prompt
   * @param {string | undefined} model
   * @param {string | null | undefined} schemaJson
   * @param {string | null | undefined} partsJson
   */
  const llmFields = (prompt, model, schemaJson, partsJson) => ({
    ...(partsJson != null ? { partsJson } : { prompt: prompt ?? undefined }),
    ...(model ? { model } : {}),
    ...(schemaJson != null ? { schemaJson } : {}),
  });
  /**
   * @param {string} prompt
   * @param {string | null | undefined} contextJson
   * @param {string | null | undefined} schemaJson
   * @param {string | null | undefined} binaryContextJson
   */
  const rlmFields = (prompt, contextJson, schemaJson, binaryContextJson) => ({
    prompt,
    ...(contextJson ? { contextJson } : {}),
    ...(binaryContextJson != null ? { binaryContextJson } : {}),
    ...(schemaJson != null ? { schemaJson } : {}),
  });
  /**
   * A batch's answers go back to Python as one JSON text: a typed call's are decoded first.
   * @param {Promise<string>} answer
   * @param {string | null | undefined} schemaJson
   */
  const batchSlot = (answer, schemaJson) =>
    slot(schemaJson == null ? answer : answer.then((json) => JSON.parse(json)));
  const host = {
    llm: (
      /** @type {string | undefined} */ prompt,
      /** @type {string | undefined} */ model,
      /** @type {string | undefined} */ schemaJson,
      /** @type {string | undefined} */ partsJson,
    ) => bridge.request("llm", llmFields(prompt, model, schemaJson, partsJson)),
    llm_batched: (
      /** @type {string} */ promptsJson,
      /** @type {string | undefined} */ model,
      /** @type {string | undefined} */ schemaJson,
    ) =>
      Promise.all(
        JSON.parse(promptsJson).map(
          (/** @type {[string | null, string | null]} */ [prompt, partsJson]) =>
            batchSlot(
              bridge.request("llm", llmFields(prompt, model, schemaJson, partsJson)),
              schemaJson,
            ),
        ),
      ).then((values) => JSON.stringify(values)),
    rlm: (
      /** @type {string} */ prompt,
      /** @type {string | undefined} */ contextJson,
      /** @type {string | undefined} */ schemaJson,
      /** @type {string | undefined} */ binaryContextJson,
    ) => bridge.request("rlm", rlmFields(prompt, contextJson, schemaJson, binaryContextJson)),
    rlm_batched: (/** @type {string} */ requestsJson) =>
      Promise.all(
        JSON.parse(requestsJson).map(
          (
            /** @type {[unknown, string | null, string | null, string | null]} */ [
              prompt,
              contextJson,
              schemaJson,
              binaryContextJson,
            ],
          ) =>
            batchSlot(
              bridge.request(
                "rlm",
                rlmFields(String(prompt), contextJson, schemaJson, binaryContextJson),
              ),
              schemaJson,
            ),
        ),
      ).then((values) => JSON.stringify(values)),
    budget: () => bridge.request("budget", {}),
  };
  const source = `
import base64 as _base64
_BYTES = (bytes, bytearray, memoryview)
def _kind(value):
    return type(value).__name__
_PART_SHAPES = 'a part is a str, {"type": "text", "text": str} or {"type": "image", "data": bytes or a data URL str, "media_type": str (optional)}'
def _part(part, where):
    if isinstance(part, str): return {"type": "text", "text": part}
    if not isinstance(part, dict):
        raise TypeError(f"{where} is of type {_kind(part)}; {_PART_SHAPES}.")
    kind = part.get("type")
    if kind == "text":
        text = part.get("text")
        if not isinstance(text, str):
            raise TypeError(f"{where} is a text part whose text is of type {_kind(text)}, not str.")
        return {"type": "text", "text": text}
    if kind != "image":
        raise ValueError(f"{where} has type {kind!r}; {_PART_SHAPES}.")
    data, media_type = part.get("data"), part.get("media_type")
    if media_type is not None and not isinstance(media_type, str):
        raise TypeError(f'{where} has a media_type of type {_kind(media_type)}, not a str like "image/png".')
    if isinstance(data, str):
        if not data.startswith("data:"):
            raise ValueError(f'{where} has str data that is not a data URL ("data:image/png;base64,..."); pass the image as bytes.')
        return {"type": "image", "url": data}
    if not isinstance(data, _BYTES):
        raise TypeError(f"{where} is an image whose data is of type {_kind(data)}; give bytes or a data URL str.")
    wire = {"type": "image", "base64": _base64.b64encode(data).decode("ascii")}
    if media_type is not None: wire["mediaType"] = media_type
    return wire
def _prompt(prompt, what):
    # (text, None) for a text prompt, (None, parts as JSON) for a list of parts.
    if isinstance(prompt, _BYTES):
        # str() would send the bytes' repr.
        raise TypeError(f'{what}: the prompt is of type {_kind(prompt)}; send an image as a part: [{{"type": "image", "data": image_bytes}}].')
    if not isinstance(prompt, (list, tuple)): return str(prompt), None
    if not prompt:
        raise ValueError(f"{what}: the prompt is an empty list; give a str or a list of parts.")
    return None, _json.dumps([_part(p, f"{what}: part {i}") for i, p in enumerate(prompt)])
def _schema(schema, what):
    if schema is None: return None
    if not isinstance(schema, dict):
        raise TypeError(f'{what}: the schema must be a JSON Schema dict, like {{"type": "object", "properties": {{...}}}}, not of type {_kind(schema)}.')
    return _json.dumps(schema)
def _base64_of(data):
    return {"base64": _base64.b64encode(data).decode("ascii")}
def _sub_context(value):
    # (contextJson, binaryContextJson): bytes, or a list holding some, travel as base64.
    if value is None: return None, None
    if isinstance(value, _BYTES): return None, _json.dumps(_base64_of(value))
    if isinstance(value, (list, tuple)) and any(isinstance(item, _BYTES) for item in value):
        items = [_base64_of(item) if isinstance(item, _BYTES) else {"value": item} for item in value]
        return None, _json.dumps({"items": items})
    return _json.dumps(value), None
def _typed(answer, schema_json):
    return answer if schema_json is None else _json.loads(answer)
@_export
def llm_query(prompt, model=None, schema=None):
    text, parts = _prompt(prompt, "llm_query")
    schema_json = _schema(schema, "llm_query")
    return _typed(_run_sync(_rlm_host.llm(text, _model(model), schema_json, parts)), schema_json)
@_export
def llm_query_batched(prompts, model=None, schema=None):
    schema_json = _schema(schema, "llm_query_batched")
    slots = []
    for prompt in prompts:
        try: slots.append(_prompt(prompt, "llm_query_batched"))
        except (TypeError, ValueError) as error: slots.append(f"Error: {error}")
    sent = [slot for slot in slots if isinstance(slot, tuple)]
    answers = iter(_json.loads(_run_sync(_rlm_host.llm_batched(_json.dumps(sent), _model(model), schema_json))) if sent else [])
    return [next(answers) if isinstance(slot, tuple) else slot for slot in slots]
@_export
def rlm_query(prompt, sub_context=None, schema=None):
    schema_json = _schema(schema, "rlm_query")
    context_json, binary_json = _sub_context(sub_context)
    return _typed(_run_sync(_rlm_host.rlm(str(prompt), context_json, schema_json, binary_json)), schema_json)
@_export
def rlm_query_batched(requests):
    entries = []
    for r in requests:
        if isinstance(r, str): entries.append([r, None, None, None])
        elif isinstance(r, dict):
            context_json, binary_json = _sub_context(r.get("context"))
            entries.append([str(r.get("prompt", "")), context_json, _schema(r.get("schema"), "rlm_query_batched"), binary_json])
        else:
            context_json, binary_json = _sub_context(r[1] if len(r) > 1 else None)
            entries.append([str(r[0]), context_json, None, binary_json])
    return _json.loads(_run_sync(_rlm_host.rlm_batched(_json.dumps(entries))))
@_export
def budget():
    return _json.loads(_run_sync(_rlm_host.budget()))
`;
  return { source, host };
}
