import type { ScriptedServer, ServerRequestTimes } from "./scripted-server.js";

/**
 * The client's time between consecutive requests, on the server's clock: reply k's last
 * byte sent -> request k+1 received. For a loop that sends its next request once it has
 * handled a reply, this is everything the client did in between (reading the reply through
 * its SDK, its own work, building and sending the next request), as a provider sees it.
 */
export function clientGaps(timeline: readonly ServerRequestTimes[]): number[] {
  const gaps: number[] = [];
  for (let k = 0; k + 1 < timeline.length; k++) {
    const replied = timeline[k]?.repliedAt;
    const next = timeline[k + 1]?.receivedAt;
    if (replied === undefined || next === undefined) {
      throw new Error(`Request ${k + 1} of ${timeline.length} has no reply time.`);
    }
    gaps.push(next - replied);
  }
  return gaps;
}

/** The connections a timeline's requests came over (one per client port). */
export function connectionCount(timeline: readonly ServerRequestTimes[]): number {
  return new Set(timeline.map((request) => request.remotePort)).size;
}

/** CPU the scripted servers' threads have used, in milliseconds. */
export async function serverCpuMs(servers: readonly ScriptedServer[]): Promise<number> {
  const micros = await Promise.all(servers.map((server) => server.cpuMicros()));
  return micros.reduce((sum, each) => sum + each, 0) / 1000;
}

/**
 * The benchmark process's CPU time in milliseconds, without the scripted servers' threads:
 * they stand in for a remote API and share the process only for convenience.
 */
export async function hostCpuMs(servers: readonly ScriptedServer[]): Promise<number> {
  const serversMs = await serverCpuMs(servers);
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000 - serversMs;
}

/**
 * Sends `request` to its server as a bare `fetch` (no SDK), `times` times one after the
 * other, reading each reply whole: the floor a provider SDK's own work is measured against.
 */
export async function replayRaw(options: {
  baseURL: string;
  request: ServerRequestTimes;
  times: number;
}): Promise<void> {
  const origin = new URL(options.baseURL).origin;
  for (let n = 0; n < options.times; n++) {
    const response = await fetch(`${origin}${options.request.url}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer bench-key" },
      body: options.request.body,
    });
    await response.json();
  }
}
