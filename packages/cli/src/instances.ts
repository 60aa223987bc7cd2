// How one service instance starts from its env; each service's code is imported only when an instance of it starts.
import { loadConfig, runService, type ServiceApp } from '@ctrmock/kit'

export type ServiceName = 'ctr' | 'sse' | 'esa' | 'intel'

export async function startInstance(service: ServiceName, env: Record<string, string>): Promise<{ app: ServiceApp; url: string; httpsUrl?: string; smtpPort?: number }> {
  switch (service) {
    case 'ctr': {
      const [{ buildCtrApp }, { CtrEnv }] = await Promise.all([import('@ctrmock/ctr'), import('@ctrmock/ctr/config')])
      return runService(loadConfig(CtrEnv, env), buildCtrApp)
    }
    case 'sse': {
      const [{ buildSseApp }, { SseEnv }] = await Promise.all([import('@ctrmock/sse'), import('@ctrmock/sse/config')])
      return runService(loadConfig(SseEnv, env), buildSseApp)
    }
    case 'intel': {
      const [{ buildIntelApp }, { IntelEnv }] = await Promise.all([import('@ctrmock/intel'), import('@ctrmock/intel/config')])
      return runService(loadConfig(IntelEnv, env), buildIntelApp)
    }
    case 'esa': {
      const [{ buildEsaApp }, { EsaEnv }] = await Promise.all([import('@ctrmock/esa'), import('@ctrmock/esa/config')])
      const { app, ...urls } = await runService(loadConfig(EsaEnv, env), buildEsaApp)
      // The SMTP listener starts after the HTTP one: a port it cannot take fails the start here, with the reason,
      // rather than leaving an ESA that never becomes ready.
      const smtpPort = await app.smtp.started.catch(async (error: unknown) => {
        await app.close()
        throw error
      })
      return { app, ...urls, smtpPort }
    }
  }
}
