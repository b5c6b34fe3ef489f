// The tests' IPC mock is injected from outside the app (e2e/ipc/bridge.ts); the shipped
// bundle must never contain one. Runs against the dist/ the web server just built.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'

test('the production bundle holds no IPC mock', () => {
  const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url))
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'))
  expect(scripts.length, 'dist/ was built').toBeGreaterThan(0)
  for (const file of scripts) {
    const code = readFileSync(`${assets}${file}`, 'utf8')
    for (const marker of ['__e2eInvoke', '__e2eEmit', 'mockIPC', 'mockWindows']) {
      expect(code.includes(marker), `${file} contains ${marker}`).toBe(false)
    }
    // What only the mocks do: put their own invoke, callbacks and event listeners in place
    // of the app's. (The real event API calls `unregisterListener`; it never assigns it.)
    for (const assigned of [/\.transformCallback\s*=[^=]/, /\.unregisterListener\s*=[^=]/, /\.convertFileSrc\s*=[^=]/]) {
      expect(assigned.test(code), `${file} assigns ${assigned}`).toBe(false)
    }
  }
})
