// @ctrmock/kit/domain: what a service's domain may take from kit. Nothing here reaches HTTP, Postgres or the wall
// clock, so a domain and its unit tests load without the server's modules.
export { DomainError } from './errors/domain-error.ts'
export type { Clock } from './clock.ts'
export { publicJwk, signRs256, signRs256InThreadPool, verifyRs256, signHs256, verifyHs256, jwtHeader, JwtError, type SigningKey } from './jwt.ts'
export { decodeJwtPayload } from './org.ts'
