// Test-only: bundles two pages into node_modules/.cache/settings-harness, served by the
// specs under /settings-harness/ with the app window's Content-Security-Policy:
// - settings.html: the Settings screen on its own, as `?as=office_manager|staff|none`,
//   until the signed-in home and the sign-in screen link to it;
// - app.html: the whole app with the unreachable-portal banner above it, until App.svelte
//   mounts the banner itself (the banner shows once however often it is mounted).
// Nothing here reaches dist/.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const harnessOut = fileURLToPath(new URL('../../node_modules/.cache/settings-harness/', import.meta.url))
const tauriConf = JSON.parse(readFileSync(new URL('../../../src-tauri/tauri.conf.json', import.meta.url), 'utf8'))
export const csp: string = tauriConf.app.security.csp

let built: Promise<void> | null = null

/** Build once per worker. */
export function buildHarness(): Promise<void> {
  built ??= (async () => {
    const { build } = await import('vite')
    const { svelte } = await import('@sveltejs/vite-plugin-svelte')
    const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url))
    await build({
      configFile: false,
      logLevel: 'warn',
      root: fileURLToPath(new URL('.', import.meta.url)),
      base: '/settings-harness/',
      plugins: [svelte({ configFile: false })],
      build: {
        outDir: harnessOut,
        emptyOutDir: true,
        target: 'es2022',
        assetsInlineLimit: 0,
        rollupOptions: { input: { settings: page('settings'), app: page('app') } },
      },
    })
  })()
  return built
}
