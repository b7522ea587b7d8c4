import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonSchema } from "../model/language-model.js";

/** What every tool function receives besides its arguments. */
export interface ToolCallOptions {
  /** Aborts when the run stops or the cell that made the call ends. */
  abortSignal: AbortSignal;
}

/**
 * A host function in its plain form: one argument, passed on as the sandbox code gave it,
 * unchecked. The prompt shows it as `name(args)`.
 */
export type ToolFunction = (args: unknown, options: ToolCallOptions) => unknown;

/** The arguments `execute` receives: the schema's output type, or `Args` for a JSON Schema. */
export type ToolArgs<Schema, Args = unknown> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Args;

/**
 * A host function with a described, validated input, as in the AI SDK. Sandbox code calls it
 * with one argument (an object in JavaScript, a dict or keyword arguments in Python); the
 * argument is validated against `inputSchema` before `execute` runs, and a value that does
 * not match fails the call in the cell with the path and the problem, not the run.
 */
export interface TypedTool<
  Schema extends StandardSchemaV1 | JsonSchema = StandardSchemaV1 | JsonSchema,
  Args = unknown,
> {
  /** Shown to the model next to the tool's signature. */
  description?: string;
  /**
   * A Standard Schema (zod, valibot, arktype, ...) or a JSON Schema object. The prompt lists
   * the tool's signature from its JSON Schema (a Standard Schema's own converter, where the
   * library has one); `execute` receives the validated (for a Standard Schema: parsed) value.
   */
  inputSchema: Schema;
  execute: (args: ToolArgs<Schema, Args>, options: ToolCallOptions) => unknown;
}

/** A host function that sandbox code can call by name, e.g. `await search({ q })`. */
// biome-ignore lint/suspicious/noExplicitAny: the record holds tools of any argument type.
export type HostTool = ToolFunction | TypedTool<any, any>;

/**
 * Defines a typed tool with `execute`'s argument inferred from `inputSchema`: the schema's
 * output type for a Standard Schema, or `Args` (default `unknown`) for a JSON Schema object.
 *
 * @example
 * const search = tool({
 *   description: "Full-text search over the docs.",
 *   inputSchema: z.object({ query: z.string(), limit: z.number().int().optional() }),
 *   execute: async ({ query, limit }) => index.search(query, limit ?? 10),
 * });
 * createRLM({ model, sandbox, tools: { search } });
 */
export function tool<Schema extends StandardSchemaV1>(
  definition: TypedTool<Schema>,
): TypedTool<Schema>;
export function tool<Args = unknown>(
  definition: TypedTool<JsonSchema, Args>,
): TypedTool<JsonSchema, Args>;
export function tool(definition: TypedTool): TypedTool {
  return definition;
}

/** True for a Standard Schema, as opposed to a plain JSON Schema object. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { "~standard"?: { validate?: unknown } } | null)?.["~standard"];
  return typeof standard?.validate === "function";
}
