import { deno, runtimeSuite } from './lib.js'

runtimeSuite(deno)
