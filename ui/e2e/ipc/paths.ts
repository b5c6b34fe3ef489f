import { fileURLToPath } from 'node:url'

/** Where build-bridge.ts puts the bundled mock (outside dist/ and test-results/). */
export const bridgeDir = fileURLToPath(new URL('../../node_modules/.cache/e2e-ipc/', import.meta.url))
export const bridgeFile = `${bridgeDir}bridge.js`
