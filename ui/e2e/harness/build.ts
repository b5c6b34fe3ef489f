// Test-only: bundles the harness pages next to this file (the help-desk console on its
// own) into node_modules/.cache/e2e-harness, served by the specs under /e2e-harness/ with
// the app window's Content-Security-Policy. Nothing here reaches dist/.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const harnessOut = fileURLToPath(new URL('../../node_modules/.cache/e2e-harness/', import.meta.url))
const tauriConf = JSON.parse(readFileSync(new URL('../../../src-tauri/tauri.conf.json', import.meta.url), 'utf8'))
export const csp: string = tauriConf.app.security.csp

let built: Promise<void> | null = null

/** Build once per worker. */
export function buildHarness(): Promise<void> {
  built ??= (async () => {
    const { build } = await import('vite')
    const { svelte } = await import('@sveltejs/vite-plugin-svelte')
    await build({
      configFile: false,
      logLevel: 'warn',
      root: fileURLToPath(new URL('.', import.meta.url)),
      base: '/e2e-harness/',
      plugins: [svelte({ configFile: false })],
      build: {
        outDir: harnessOut,
        emptyOutDir: true,
        target: 'es2022',
        assetsInlineLimit: 0,
        rollupOptions: { input: fileURLToPath(new URL('./help-desk.html', import.meta.url)) },
      },
    })
  })()
  return built
}
