// A failure the domain names in Cisco's words. `status` is the HTTP status a route should answer with;
// the domain sets it as a plain number so it never imports HTTP types.

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = new.target.name
  }
}
