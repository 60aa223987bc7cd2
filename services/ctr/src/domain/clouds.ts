// GET /clouds.json: the regions a user can pick, by the names Cisco's pages give them, each with the base of its IROH
// services. Cisco's code-grant example reads `["North America"]["iroh-services"]` from it and appends `oauth2/...`.
export type CtrRegion = 'NAM' | 'EU' | 'APJC'

const REGION_NAMES: Record<CtrRegion, string> = { NAM: 'North America', EU: 'Europe', APJC: 'Asia' }

export type Clouds = Record<string, { 'iroh-services': string }>

/** Every region of the deployment, this one at the URL it was reached by unless the deployment names it. */
export function clouds(self: { region: CtrRegion, url: string }, regionUrls: Partial<Record<CtrRegion, string>>): Clouds {
  const urls: Partial<Record<CtrRegion, string>> = { [self.region]: self.url, ...regionUrls }
  const document: Clouds = {}
  for (const region of Object.keys(REGION_NAMES) as CtrRegion[]) {
    const url = urls[region]
    if (url) document[REGION_NAMES[region]] = { 'iroh-services': `${url.replace(/\/+$/, '')}/iroh/` }
  }
  return document
}

/** REGION_URLS as the deployment gives it (the config's pattern checked it): `NAM=http://…,EU=http://…`. */
export function parseRegionUrls(text: string | undefined): Partial<Record<CtrRegion, string>> {
  const entries = (text ?? '').split(',').filter(Boolean).map((entry) => entry.split(/=(.*)/s, 2) as [CtrRegion, string])
  return Object.fromEntries(entries)
}
