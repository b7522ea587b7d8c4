export { denoChildPids } from "./deno-child-pids.js";
