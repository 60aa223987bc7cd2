import { closeOnSignals, loadConfig, runService } from '@ctrmock/kit'
import { EsaEnv } from './config.ts'
import { buildEsaApp } from './app.ts'

const { app } = await runService(loadConfig(EsaEnv), buildEsaApp)
closeOnSignals(() => app.close())
// Without its SMTP port the appliance cannot do its job: fail loudly rather than run half.
await app.smtp.started.catch(async () => {
  await app.close()
  process.exit(1)
})
