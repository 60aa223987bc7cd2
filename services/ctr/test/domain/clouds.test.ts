// /clouds.json as a region picker reads it: each region by its display name, with the base of its IROH services.
import { test } from 'tap'
import { clouds, parseRegionUrls } from '../../src/domain/clouds.ts'

test('every region of the deployment, named as Cisco names them, in the order NAM, EU, APJC', async (t) => {
  const document = clouds({ region: 'EU', url: 'http://seen.test:7101' }, parseRegionUrls('EU=http://127.0.0.1:7101/,NAM=http://127.0.0.1:7100'))
  t.same(Object.keys(document), ['North America', 'Europe'])
  t.same(document['North America'], { 'iroh-services': 'http://127.0.0.1:7100/iroh/' })
  t.same(document.Europe, { 'iroh-services': 'http://127.0.0.1:7101/iroh/' }, 'the deployment\'s URL for this region wins')
})

test('without the deployment\'s list, this region alone, at the URL it was reached by', async (t) => {
  t.same(clouds({ region: 'APJC', url: 'https://ctr.example' }, parseRegionUrls(undefined)), { Asia: { 'iroh-services': 'https://ctr.example/iroh/' } })
})
