// CTIM observables: the type list is threatgrid/ctim `observable-type-identifier` (1.3.29), identical to the enum of
// Cisco's IROH inspect/enrich/response Swagger (cisco-api.md §3.4); labels are the ones CiscoSecurity relays print.
import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const OBSERVABLE_TYPES = [
  'acudid', 'amp_computer_guid', 'certificate_common_name', 'certificate_issuer', 'certificate_serial',
  'cisco_cm_id', 'cisco_mid', 'cisco_uc_id', 'cortex_agent_id', 'crowdstrike_id', 'cvm_id', 'cybereason_id',
  'darktrace_id', 'device', 'domain', 'email', 'email_messageid', 'email_subject', 'file_name', 'file_path',
  'google_chromebook_id', 'google_cloud_id', 'hostname', 'imei', 'imsi', 'intune_id', 'ip', 'ipv6',
  'jamf_management_id', 'mac_address', 'md5', 'meraki_network_id', 'meraki_node_sn', 'meraki_org_id',
  'ms_machine_id', 'mutex', 'ngfw_id', 'ngfw_name', 'odns_identity', 'odns_identity_label', 'orbital_node_id',
  'pki_serial', 'process_args', 'process_hash', 'process_name', 'process_path', 'process_uid', 'process_username',
  'processor_id', 'registry_key', 'registry_name', 'registry_path', 's1_agent_id', 'secure_access_id',
  'serial_number', 'service_now_id', 'sha1', 'sha256', 'swc_device_id', 'trend_micro_id', 'url', 'user',
  'user_agent',
] as const

export const ObservableType = literalUnion(OBSERVABLE_TYPES)
export type ObservableType = Static<typeof ObservableType>

export const Observable = Type.Object(
  { type: ObservableType, value: Type.String() },
  { additionalProperties: false },
)
export type Observable = Static<typeof Observable>

// Human-readable names used in relay titles and messages ("Found in ... for Cisco message ID 123").
export const OBSERVABLE_TYPE_LABELS: Partial<Record<ObservableType, string>> = {
  amp_computer_guid: 'AMP computer GUID',
  certificate_common_name: 'certificate common name',
  certificate_issuer: 'certificate issuer',
  certificate_serial: 'certificate serial',
  cisco_mid: 'Cisco message ID',
  cisco_uc_id: 'Cisco UC ID',
  device: 'device',
  domain: 'domain',
  email: 'email',
  email_messageid: 'email message ID',
  email_subject: 'email subject',
  file_name: 'file name',
  file_path: 'file path',
  hostname: 'hostname',
  imei: 'IMEI',
  imsi: 'IMSI',
  ip: 'IP',
  ipv6: 'IPv6',
  mac_address: 'MAC address',
  md5: 'MD5',
  ms_machine_id: 'Microsoft machine ID',
  mutex: 'mutex',
  ngfw_id: 'NGFW ID',
  ngfw_name: 'NGFW name',
  odns_identity: 'ODNS identity',
  odns_identity_label: 'ODNS identity label',
  orbital_node_id: 'Orbital node ID',
  pki_serial: 'PKI serial',
  process_name: 'process name',
  registry_key: 'registry key',
  registry_name: 'registry name',
  registry_path: 'registry path',
  s1_agent_id: 'SentinelOne agent ID',
  sha1: 'SHA1',
  sha256: 'SHA256',
  swc_device_id: 'SWC device ID',
  url: 'URL',
  user: 'user',
  user_agent: 'user agent',
}

export function observableTypeLabel(type: ObservableType): string {
  return OBSERVABLE_TYPE_LABELS[type] ?? type
}
