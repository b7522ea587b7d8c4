// @ts-check
// The remote entry point: the stdio channel first, then the runner itself, unchanged.
import "./stdio-channel.js";
import "./main.js";
