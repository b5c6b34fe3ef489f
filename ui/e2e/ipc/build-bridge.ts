// Playwright global setup: bundles bridge.ts (with @tauri-apps/api/mocks) into one
// classic script that specs inject with page.addInitScript. Kept outside dist/ and
// test-results/.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { bridgeDir } from './paths'

export default async function buildBridge() {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: bridgeDir,
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
