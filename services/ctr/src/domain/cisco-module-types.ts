// Cisco's published relay module types, under their real ids, so scripts that hard-code those ids work: the Generic
// Relay type (one id everywhere) and the Generic Serverless Relay type (one id per region, from
// tr-05-serverless-relay's module_settings.json). Both run as ctrmock's relay module.
import { builtinModuleTypeId, type BuiltinModuleTypes, type ResolvedModuleType } from './builtin-module-types.ts'

export const GENERIC_RELAY_TYPE_ID = 'a14ae422-01b6-5013-9876-695ff1b0ebe0'

export const SERVERLESS_RELAY_TYPE_IDS: Record<string, string> = {
  NAM: '86aad484-6344-42df-922d-916b9947ec47',
  EU: 'a80c5f4a-74cc-4f4a-8934-571bee72acb5',
  APJC: 'bab9277c-221f-49f9-a56e-b62641ae348a',
}

/** The region's built-in types plus Cisco's relay types, each a copy of ctrmock's relay type under Cisco's id and title. */
export function withCiscoRelayTypes(builtins: BuiltinModuleTypes, region: string): BuiltinModuleTypes {
  const relay = builtins.get(builtinModuleTypeId('relay', region))
  if (!relay) return builtins
  const as = (id: string, title: string): [string, ResolvedModuleType] => [id, { ...relay, view: { ...relay.view, id, title, default_name: title } }]
  const serverless = SERVERLESS_RELAY_TYPE_IDS[region]
  return new Map([...builtins, as(GENERIC_RELAY_TYPE_ID, 'Generic Relay'), ...(serverless ? [as(serverless, 'Generic Serverless Relay')] : [])])
}
