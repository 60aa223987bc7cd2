// The tenant's registration token: an unused one the org already has is handed out again (a GET makes nothing new
// while one is valid); only when none is left does SSE generate one.

export interface RegistrationToken {
  token: string
  expiresAt: string
}

/** The unused token that stays valid longest, if any is still valid at `now`. */
export function reusableToken(unused: RegistrationToken[], now: Date): RegistrationToken | undefined {
  return unused
    .filter((t) => Date.parse(t.expiresAt) > now.getTime())
    .sort((a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt))[0]
}
