export { startStack, defaultDataDir, defaultPort, DEFAULT_PORTS, type Stack, type StackOptions, type InstanceName, type RunningInstance } from './stack.ts'
export { startCtrmock, resolvePorts, urlsOf, envOf, type Ctrmock, type CtrmockUrls, type CtrmockTls, type StartCtrmockOptions, type PortName, type ServiceInstanceName } from './start.ts'
