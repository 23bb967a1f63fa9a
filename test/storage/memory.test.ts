import { openStore } from '../../runtime/storage/open-store.js'
import { fakeClock, storeContract } from './contract.js'

storeContract(
  'memory',
  async () => {
    const store = await openStore('memory:')
    return { store, clock: fakeClock(), close: () => store.close() }
  },
  { sweeps: false, persists: false },
)
