/** What a replication worker is started with. */
export interface WorkerSetup {
  /** The scenario as parsed JSON (validated again in the worker). */
  readonly scenario: unknown;
  readonly seed: number;
}

/** A batch of replications to simulate: numbers first .. first + count - 1. */
export interface BatchRequest {
  readonly first: number;
  readonly count: number;
}

/** A batch's results, replication after replication, and the events processed. */
export interface BatchResult {
  readonly first: number;
  readonly count: number;
  readonly values: Float64Array;
  readonly events: number;
}
