import { bun, runtimeSuite } from './lib.js'

runtimeSuite(bun)
