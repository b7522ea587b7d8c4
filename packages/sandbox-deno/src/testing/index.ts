export { denoChildPids, denoChildPidsSince } from "./deno-child-pids.js";
