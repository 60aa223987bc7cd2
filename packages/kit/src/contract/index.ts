// @ctrmock/kit/contract: checks requests and responses against Cisco's Swagger in specs/iroh (contract tests only).
export * from './swagger.ts'
