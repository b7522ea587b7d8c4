/** Types of `server-scripts.mjs`, which runs on the scripted servers' thread as plain JavaScript. */
export interface ScriptReply {
  text: string;
  delayMs?: number;
}

export const scripts: Record<
  string,
  (params: Record<string, unknown>) => (body: string) => ScriptReply
>;
