// Crypto randomness for everything a caller must not guess: registration tokens, device secrets, ids.
import { randomBytes, randomUUID } from 'node:crypto'

export interface SseRandom {
  /** 32 lowercase hex characters, as the SSE portal shows tokens. */
  token(): string
  secret(): string
  id(): string
}

export const cryptoRandom: SseRandom = {
  token: () => randomBytes(16).toString('hex'),
  secret: () => randomBytes(32).toString('base64url'),
  id: () => randomUUID(),
}
