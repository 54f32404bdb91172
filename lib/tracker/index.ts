import "server-only";

/**
 * The Tracker (TrackerRMS) REST client. Server-only because it decrypts
 * access tokens and stores JWTs.
 */
export * from "./errors";
export { TrackerClient, PLACEMENT_PAGE_SIZE } from "./client";
export type {
  AttachDocumentInput,
  CallOptions,
  CreateActivityInput,
  SkippedRow,
} from "./client";
export {
  createLiveCheckClient,
  createTrackerClient,
  forgetConnectionJwt,
  type ClientTuning,
  type LiveCheckInput,
} from "./create-client";
export {
  checkTrackerConnection,
  type LiveCheckFailure,
  type LiveCheckResult,
} from "./live-check";
export type { PlacementPage } from "./placements";
export type {
  TrackerActivity,
  TrackerCandidate,
  TrackerDocument,
  TrackerJob,
  TrackerPlacement,
  TrackerStage,
} from "./schemas";
export {
  DEFAULT_API_VERSION,
  TRACKER_REGIONS,
  TrackerConfigError,
  defaultTimeZone,
  type TrackerRegion,
} from "./hosts";
export {
  isValidTimeZone,
  localToUtc,
  parseTrackerTimestamp,
  utcToLocal,
} from "./local-time";
