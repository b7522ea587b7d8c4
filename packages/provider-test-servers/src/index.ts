export { startRecordingServer, writeSse } from "./recording-server.js";
export type { RecordedRequest, RecordingServer, RequestHandler } from "./recording-server.js";
