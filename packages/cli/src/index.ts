export { startStack, defaultDataDir, defaultPort, freePorts, DEFAULT_PORTS, type Stack, type StackOptions, type InstanceName, type RunningInstance } from './stack.ts'
