import { ConfigurationError } from "../errors/configuration-error.js";
import type { JsonSchema } from "../model/language-model.js";
import type { SandboxLanguage } from "../sandbox/sandbox.js";
import { assertJsonSchema, validateJsonSchema } from "../schema/json-schema-validator.js";
import { validateAnswer } from "../schema/validate-answer.js";
import { inputJsonSchema } from "./input-json-schema.js";
import { type HostTool, isStandardSchema, type ToolCallOptions } from "./tool.js";
import { toolIdentifier, toolNameProblem } from "./tool-name.js";

/** What the prompt may say about one tool. */
export interface ToolDescription {
  name: string;
  description?: string;
  /** JSON Schema of the argument; absent for a plain function or a schema without a converter. */
  inputSchema?: JsonSchema;
  /** False for the plain one-argument function form, whose argument is not checked. */
  validated: boolean;
}

/** A tool in the one shape the host bridge calls, whichever form the user gave. */
export interface ResolvedTool {
  info: ToolDescription;
  /** The arguments as `execute` gets them, or the problems in words (`path: message`). */
  validate(args: unknown): Promise<{ ok: true; value: unknown } | { ok: false; errors: string[] }>;
  execute(args: unknown, options: ToolCallOptions): unknown;
}

/**
 * Checks and normalizes `createRLM({ tools })` for a `language` REPL: a malformed tool, or
 * one whose name code cannot call (not an identifier, a reserved word, the REPL's own `query`
 * or `FINAL`), is a `ConfigurationError` that names it and suggests a name.
 */
export function resolveTools(
  tools: Readonly<Record<string, HostTool>> | undefined,
  language: SandboxLanguage,
): Readonly<Record<string, ResolvedTool>> {
  const resolved: Record<string, ResolvedTool> = {};
  for (const [name, tool] of Object.entries(tools ?? {})) {
    const problem = toolNameProblem(name, language);
    if (problem !== undefined) {
      throw new ConfigurationError({
        message: `Tool name "${name}" ${problem}; name the tool e.g. "${toolIdentifier(name)}".`,
      });
    }
    resolved[name] = resolveTool(name, tool);
  }
  return resolved;
}

function resolveTool(name: string, tool: HostTool): ResolvedTool {
  if (typeof tool === "function") {
    return {
      info: { name, validated: false },
      validate: async (args) => ({ ok: true, value: args }),
      execute: tool,
    };
  }
  if (typeof tool !== "object" || tool === null || typeof tool.execute !== "function") {
    throw new ConfigurationError({
      message: `Tool "${name}" must be a function or an object { description?, inputSchema, execute }.`,
    });
  }
  const { inputSchema: schema, description } = tool;
  if (typeof schema !== "object" || schema === null) {
    throw new ConfigurationError({
      message: `Tool "${name}" needs an \`inputSchema\`: a Standard Schema (zod, valibot, ...) or a JSON Schema object.`,
    });
  }
  const execute = tool.execute as ResolvedTool["execute"];
  // A call without an argument (`list()`) means no fields when the tool takes an object.
  const withDefault = (args: unknown, jsonSchema: JsonSchema | undefined) =>
    args == null && jsonSchema?.type === "object" ? {} : args;
  const info = { name, validated: true, ...(description ? { description } : {}) };
  if (isStandardSchema(schema)) {
    const jsonSchema = inputJsonSchema(schema);
    return {
      info: { ...info, ...(jsonSchema ? { inputSchema: jsonSchema } : {}) },
      execute,
      async validate(args) {
        const result = await validateAnswer(schema, withDefault(args, jsonSchema));
        return result.ok ? result : { ok: false, errors: result.issues };
      },
    };
  }
  try {
    assertJsonSchema(schema);
  } catch (error) {
    throw new ConfigurationError({
      message: `Tool "${name}" has an invalid \`inputSchema\`: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  return {
    info: { ...info, inputSchema: schema },
    execute,
    validate: async (args) => validateJsonSchema(schema, withDefault(args, schema)),
  };
}
