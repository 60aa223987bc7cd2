// The region catalog: Cisco's SSE and CTR hosts, the CTR↔SSE pairing, the ESA server labels (cisco-api.md §1.1, §4.1,
// §5.1) and ctrmock's default ports (DESIGN.md). A region is a process: one service instance serves one region.
import { type Static } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'

export const SSE_REGIONS = ['AMERICAS', 'EUROPE', 'APJC'] as const
export const SseRegion = literalUnion(SSE_REGIONS)
export type SseRegion = Static<typeof SseRegion>

export const CTR_REGIONS = ['NAM', 'EU', 'APJC'] as const
export const CtrRegion = literalUnion(CTR_REGIONS)
export type CtrRegion = Static<typeof CtrRegion>

// The server choices of the ESA's Cloud Service Settings page (`AMERICAS (api-sse.cisco.com)` is the default).
export const ESA_SERVER_LABELS = [
  'AMERICAS (api-sse.cisco.com)',
  'EUROPE (api.eu.sse.itd.cisco.com)',
  'APJC (api.apj.sse.itd.cisco.com)',
] as const
export const EsaServerLabel = literalUnion(ESA_SERVER_LABELS)
export type EsaServerLabel = Static<typeof EsaServerLabel>

export const DEFAULT_PORTS = {
  ctrNam: 7100,
  ctrEu: 7101,
  sseAmericas: 7200,
  sseEurope: 7201,
  esa: 7300,
  esaSmtp: 2525,
  postgres: 7432,
} as const

export interface SseRegionInfo {
  region: SseRegion
  apiHost: string // device-facing: what the ESA registers with
  portalHost: string // admin portal: where registration tokens are generated
  esaServerLabel: EsaServerLabel
  otherServerLabels: readonly string[] // labels SMA test suites use for the same cloud
  ctrRegion: CtrRegion
  defaultPort?: number // APJC is optional and has none
}

export interface CtrRegionInfo {
  region: CtrRegion
  visibilityHost: string // IROH: https://<host>/iroh/...
  privateIntelHost: string
  globalIntelHost: string
  sdkRegion: '' | 'eu' | 'apjc' // the `region` argument of the threatresponse SDK
  sseRegion: SseRegion
  defaultPort?: number
}

export const SSE_REGION_CATALOG: Readonly<Record<SseRegion, SseRegionInfo>> = {
  AMERICAS: {
    region: 'AMERICAS',
    apiHost: 'api-sse.cisco.com',
    portalHost: 'admin.sse.itd.cisco.com',
    esaServerLabel: 'AMERICAS (api-sse.cisco.com)',
    otherServerLabels: ['NAM (api-sse.cisco.com)'],
    ctrRegion: 'NAM',
    defaultPort: DEFAULT_PORTS.sseAmericas,
  },
  EUROPE: {
    region: 'EUROPE',
    apiHost: 'api.eu.sse.itd.cisco.com',
    portalHost: 'admin.eu.sse.itd.cisco.com',
    esaServerLabel: 'EUROPE (api.eu.sse.itd.cisco.com)',
    otherServerLabels: [],
    ctrRegion: 'EU',
    defaultPort: DEFAULT_PORTS.sseEurope,
  },
  APJC: {
    region: 'APJC',
    apiHost: 'api.apj.sse.itd.cisco.com',
    portalHost: 'admin.apj.sse.itd.cisco.com',
    esaServerLabel: 'APJC (api.apj.sse.itd.cisco.com)',
    otherServerLabels: [],
    ctrRegion: 'APJC',
  },
}

export const CTR_REGION_CATALOG: Readonly<Record<CtrRegion, CtrRegionInfo>> = {
  NAM: {
    region: 'NAM',
    visibilityHost: 'visibility.amp.cisco.com',
    privateIntelHost: 'private.intel.amp.cisco.com',
    globalIntelHost: 'intel.amp.cisco.com',
    sdkRegion: '',
    sseRegion: 'AMERICAS',
    defaultPort: DEFAULT_PORTS.ctrNam,
  },
  EU: {
    region: 'EU',
    visibilityHost: 'visibility.eu.amp.cisco.com',
    privateIntelHost: 'private.intel.eu.amp.cisco.com',
    globalIntelHost: 'intel.eu.amp.cisco.com',
    sdkRegion: 'eu',
    sseRegion: 'EUROPE',
    defaultPort: DEFAULT_PORTS.ctrEu,
  },
  APJC: {
    region: 'APJC',
    visibilityHost: 'visibility.apjc.amp.cisco.com',
    privateIntelHost: 'private.intel.apjc.amp.cisco.com',
    globalIntelHost: 'intel.apjc.amp.cisco.com',
    sdkRegion: 'apjc',
    sseRegion: 'APJC',
  },
}

export function pairedSseRegion(region: CtrRegion): SseRegion {
  return CTR_REGION_CATALOG[region].sseRegion
}

export function pairedCtrRegion(region: SseRegion): CtrRegion {
  return SSE_REGION_CATALOG[region].ctrRegion
}

// The SSE region an ESA/SMA server label points to, or undefined for a label no cloud answers to.
export function sseRegionByServerLabel(label: string): SseRegion | undefined {
  return SSE_REGIONS.find((region) => {
    const info = SSE_REGION_CATALOG[region]
    return info.esaServerLabel === label || info.otherServerLabels.includes(label)
  })
}
