// The operations a running service publishes at /documentation/json: what the fuzz covers, so a new route is
// fuzzed as soon as it exists.
export type JsonSchema = Record<string, any>
/** iroh-schema: IROH's schema-error answer, a map of field → problem (`{"content": "missing-required-key"}`).
 *  ctia: CTIA's answers, a compojure-api `{"type", ...}` or a typed `{"error", ...}`. */
export type ErrorShape = 'iroh' | 'iroh-schema' | 'asyncos' | 'relay' | 'ctia'

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: JsonSchema
}

export interface Operation {
  service: string
  baseUrl: string
  method: string
  /** OpenAPI template, e.g. /api/v1/devices/{deviceId}. */
  path: string
  parameters: Parameter[]
  /** The JSON body schema, when the route declares one. */
  body?: JsonSchema
  tags: string[]
  /** Declared as not implemented by ctrmock (answers 501 by design). */
  notImplemented: boolean
  errorShape: ErrorShape
  /** Every method the path answers (the others are fuzzed as wrong methods). */
  pathMethods: string[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

export async function operationsOf(service: string, baseUrl: string, fallbackShape: ErrorShape): Promise<Operation[]> {
  const response = await fetch(`${baseUrl}/documentation/json`)
  if (!response.ok) throw new Error(`${service}: GET /documentation/json answered ${response.status}`)
  const doc = (await response.json()) as { paths: Record<string, Record<string, any>> }
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    const pathMethods = Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => m.toUpperCase())
    for (const method of pathMethods) {
      const op = item[method.toLowerCase()]
      const parameters: Parameter[] = (op.parameters ?? []).map((p: any) => ({
        // A parameter with a default is filled in when absent, whatever the document says.
        name: p.name, in: p.in, required: (Boolean(p.required) && p.schema?.default === undefined) || p.in === 'path', schema: p.schema ?? {},
      }))
      const tags: string[] = op.tags ?? []
      operations.push({
        service, baseUrl, method, path, parameters, tags, pathMethods,
        body: op.requestBody?.content?.['application/json']?.schema,
        notImplemented: tags.includes('not implemented'),
        errorShape: errorShapeOf(op, fallbackShape),
      })
    }
  }
  return operations
}

/** A route documents its error shape in its 4xx responses; relay-protocol routes answer `{errors: [...]}`. */
function errorShapeOf(op: any, fallback: ErrorShape): ErrorShape {
  // CTIA's validation errors carry an `errors` map too, so its routes keep CTIA's shape.
  if (fallback === 'ctia') return fallback
  for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
    if (!status.startsWith('4')) continue
    const schema = response?.content?.['application/json']?.schema
    if (schema?.properties?.errors) return 'relay'
    if (fallback === 'iroh' && status === '400' && schema?.additionalProperties?.type === 'string' && !schema.properties) return 'iroh-schema'
  }
  return fallback
}

/** Whether a body of the vendor's error shape came back. */
export function hasErrorShape(shape: ErrorShape, body: unknown): boolean {
  const b = body as Record<string, any> | undefined
  if (!b || typeof b !== 'object' || Array.isArray(b)) return false
  switch (shape) {
    case 'iroh': return typeof b.error === 'string' && b.error.length > 0 && typeof b.error_description === 'string'
    case 'iroh-schema': return hasErrorShape('iroh', b) || (Object.keys(b).length > 0 && Object.values(b).every((v) => typeof v === 'string'))
    case 'asyncos': return typeof b.error === 'object' && b.error !== null && typeof b.error.message === 'string'
      && typeof b.error.code === 'string' && typeof b.error.explanation === 'string'
    case 'relay': return Array.isArray(b.errors) && b.errors.length > 0
      && b.errors.every((e: any) => typeof e?.code === 'string' && typeof e?.message === 'string')
    // CTIA's GraphQL refuses a query with its errors as strings.
    case 'ctia': return (typeof b.type === 'string' && b.type.length > 0) || (typeof b.error === 'string' && b.error.length > 0)
      || (Array.isArray(b.errors) && b.errors.length > 0 && b.errors.every((e: unknown) => typeof e === 'string'))
  }
}
