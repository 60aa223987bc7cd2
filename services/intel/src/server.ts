import { closeOnSignals, loadConfig, runService } from '@ctrmock/kit'
import { IntelEnv } from './config.ts'
import { buildIntelApp } from './app.ts'

const { app } = await runService(loadConfig(IntelEnv), buildIntelApp)
closeOnSignals(() => app.close())
