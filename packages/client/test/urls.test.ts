// Base URLs, as the CLI and `pnpm bench --running` take them: a flag wins over CTRMOCK_* env, env over compose's ports.
import t from 'tap'
import { Cloud, DEFAULT_URLS, urlsFromFlags } from '../src/index.ts'

t.test('flags first, then CTRMOCK_* env, then the default ports', async (t) => {
  t.same(urlsFromFlags({}, {}), DEFAULT_URLS, 'nothing named: the ports compose publishes')
  const env = { CTRMOCK_CTR_URL: 'http://env-ctr:1', CTRMOCK_ESA_URL: 'http://env-esa:2', CTRMOCK_SMTP_PORT: '2626' }
  t.same(urlsFromFlags({ 'ctr-url': 'http://flag-ctr:3', 'sse-europe-url': 'http://flag-sse-eu:4' }, env), {
    ctr: 'http://flag-ctr:3',
    ctrEu: DEFAULT_URLS.ctrEu,
    sseAmericas: DEFAULT_URLS.sseAmericas,
    sseEurope: 'http://flag-sse-eu:4',
    esa: 'http://env-esa:2',
    smtpPort: 2626,
    intel: DEFAULT_URLS.intel,
    intelEu: DEFAULT_URLS.intelEu,
  })
  t.match(urlsFromFlags({ 'intel-eu-url': 'http://flag-intel-eu:5' }, { CTRMOCK_INTEL_URL: 'http://env-intel:6' }), { intel: 'http://env-intel:6', intelEu: 'http://flag-intel-eu:5' }, 'the intel services too')
  t.equal(urlsFromFlags({ 'smtp-port': '2727' }, env).smtpPort, 2727, 'the SMTP port is a number')
})

t.test('new Cloud() without URLs reads CTRMOCK_* env, else the default ports', async (t) => {
  const saved = process.env.CTRMOCK_CTR_URL
  t.teardown(() => {
    if (saved === undefined) delete process.env.CTRMOCK_CTR_URL
    else process.env.CTRMOCK_CTR_URL = saved
  })
  process.env.CTRMOCK_CTR_URL = 'http://env-ctr:7'
  t.equal(new Cloud().urls.ctr, 'http://env-ctr:7', 'a suite pointed at a running stack through CTRMOCK_CTR_URL')
  delete process.env.CTRMOCK_CTR_URL
  t.equal(new Cloud().urls.ctr, DEFAULT_URLS.ctr)
})
