export function pythonWorkerMain(config) {
  throw new Error(`Python is not wired yet: ${config.language}`);
}
