// @ctrmock/kit/testing: what service test suites share.
export * from './database.ts'
export * from './ports.ts'
export * from './until.ts'
