// The appliance's system health (GET /esa/api/v2.0/health), as monitoring tools read it. The agent's appliance is
// the machine it runs on: its load and memory are that machine's. It queues no mail (SMTP intake decides each
// message while the sender waits), has no policy, virus or outbreak quarantines and does not measure disk I/O, so
// those figures are zero, as on an idle appliance.
import type { SystemHealthResponse } from '@ctrmock/types'

/** What the host reports, each a fraction of its whole (0 to 1); swap is 0 on a host without it. */
export interface MachineReadings {
  cpuLoad: number
  memoryUsed: number
  swapUsed: number
}

/** A fraction as a whole percentage, 0 to 100 (anything not a number reads as 0). */
export const percent = (fraction: number) => Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * 100)

export function systemHealth(machine: MachineReadings): SystemHealthResponse['data'] {
  return {
    percentage_cpu_load: percent(machine.cpuLoad),
    percentage_ram_utilization: percent(machine.memoryUsed),
    percentage_swap_utilization: percent(machine.swapUsed),
    percentage_diskio: 0,
    percentage_queue_utilization: 0,
    messages_in_workqueue: 0,
    messages_in_pvo_quarantines: 0,
    resource_conservation: 0,
  }
}
