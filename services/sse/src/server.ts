import { closeOnSignals, loadConfig, runService } from '@ctrmock/kit'
import { SseEnv } from './config.ts'
import { buildSseApp } from './app.ts'

const { app } = await runService(loadConfig(SseEnv), buildSseApp)
closeOnSignals(() => app.close())
