import { runtimeSuite, workerd } from './lib.js'

runtimeSuite(workerd)
