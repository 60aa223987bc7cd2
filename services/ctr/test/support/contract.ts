// Records IROH exchanges made through app.inject and checks each request and response against Cisco's Swagger
// (specs/iroh via @ctrmock/kit/contract). Exchanges whose status the Swagger does not document are kept, marked so.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createSwaggerContract, formatContractErrors, type ContractError } from '@ctrmock/kit/contract'
import type { ServiceApp } from '@ctrmock/kit'
import { NOT_IMPLEMENTED } from '../../src/routes/not-implemented.ts'
import { COVERAGE_MATRIX } from '../../src/routes/private-intel-mitre.ts'

export const IROH_SPECS = ['iroh-auth', 'iroh-enrich', 'iroh-event', 'iroh-feedback', 'iroh-inspect', 'iroh-int', 'iroh-private-intel', 'iroh-response', 'iroh-webhook'] as const
export type IrohSpec = (typeof IROH_SPECS)[number]

export const contract = createSwaggerContract()

export interface Exchange {
  spec: IrohSpec
  /** "POST /iroh/iroh-inspect/inspect": the Swagger operation. */
  operation: string
  url: string
  status: number
  documented: boolean
  errors: ContractError[]
}

/** The Swagger operations CTR answers 501: the general list and the MITRE coverage matrix of /iroh/private-intel. */
export function notImplementedOperations(): ReadonlyArray<readonly [string, string]> {
  return [...NOT_IMPLEMENTED, ...COVERAGE_MATRIX]
}

export function swaggerOperations(): Array<{ spec: IrohSpec; operation: string }> {
  return IROH_SPECS.flatMap((spec) => contract.operations(spec).map((e) => ({ spec, operation: `${e.method} ${e.path}` })))
}

function find(method: string, path: string): { spec: IrohSpec; operation: string } | undefined {
  for (const spec of IROH_SPECS) {
    const found = contract.findOperation(spec, method, path)
    if (found) return { spec, operation: `${found.entry.method} ${found.entry.path}` }
  }
  return undefined
}

export class ContractRecorder {
  readonly exchanges: Exchange[] = []
  constructor(private readonly app: ServiceApp) {}

  /** `badRequest`: the request breaks the Swagger on purpose (to see the documented 400), so only the response is checked. */
  async inject(options: InjectOptions & { method: string; url: string }, expect: { badRequest?: boolean } = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject(options)
    const [path, query] = options.url.split('?') as [string, string | undefined]
    const op = find(options.method, path)
    if (!op) return res
    // The login page is HTML; every other answer is JSON.
    const body = res.body && String(res.headers['content-type']).startsWith('application/json') ? JSON.parse(res.body) : res.body || undefined
    const request = expect.badRequest ? [] : contract.validateRequest(op.spec, options.method, path, {
      ...(query ? { query } : {}), headers: (options.headers ?? {}) as Record<string, string>,
      ...(options.payload !== undefined ? { body: options.payload } : {}),
    })
    const response = contract.validateResponse(op.spec, options.method, path, res.statusCode, body)
    const documented = !response.some((e) => e.in === 'status')
    this.exchanges.push({ ...op, url: options.url, status: res.statusCode, documented, errors: [...request, ...(documented ? response : [])] })
    return res
  }
}

export function describeErrors(exchange: Exchange): string {
  return `${exchange.operation} → ${exchange.status} (${exchange.url})\n${formatContractErrors(exchange.errors)}`
}
