// System health's figures: whole percentages of the host's fractions, held within 0–100 whatever the host reports.
import t from 'tap'
import { systemHealth } from '../../src/domain/system-health.ts'

t.test('fractions become whole percentages, held within 0 and 100', async (t) => {
  t.match(systemHealth({ cpuLoad: 0.125, memoryUsed: 0.999, swapUsed: 0 }), { percentage_cpu_load: 13, percentage_ram_utilization: 100, percentage_swap_utilization: 0 })
  t.match(systemHealth({ cpuLoad: 2.5, memoryUsed: -0.1, swapUsed: Number.NaN }), { percentage_cpu_load: 100, percentage_ram_utilization: 0, percentage_swap_utilization: 0 })
})
