// Where ESA's appliance ids and credentials come from: crypto in a running service (wiring.ts), anything a test
// chooses otherwise.
export interface EsaRandom {
  /** Bytes nobody can guess. */
  bytes(length: number): Buffer
}
