// Where SSE's registration tokens, device secrets and ids come from: crypto in a running service (app.ts), anything a
// test chooses otherwise.
export interface SseRandom {
  /** 32 lowercase hex characters, as the SSE portal shows tokens. */
  token(): string
  secret(): string
  id(): string
}
