// Playwright global setup: bundles bridge.ts (with @tauri-apps/api/mocks) into one
// classic script that specs inject with page.addInitScript. Kept outside dist/ and
// test-results/.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

export const bridgeFile = fileURLToPath(new URL('../../node_modules/.cache/e2e-ipc/bridge.js', import.meta.url))

export default async function buildBridge() {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: fileURLToPath(new URL('../../node_modules/.cache/e2e-ipc', import.meta.url)),
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./bridge.ts', import.meta.url)),
        formats: ['iife'],
        name: 'DealerAccessE2eIpc',
        fileName: () => 'bridge.js',
      },
    },
  })
}
