import { closeOnSignals, loadConfig, runService } from '@ctrmock/kit'
import { CtrEnv } from './config.ts'
import { buildCtrApp } from './app.ts'

const { app } = await runService(loadConfig(CtrEnv), buildCtrApp)
closeOnSignals(() => app.close())
