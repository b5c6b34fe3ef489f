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
    for (const marker of ['__e2eInvoke', 'mockIPC', 'mockWindows', '__TAURI_EVENT_PLUGIN_INTERNALS__']) {
      expect(code.includes(marker), `${file} contains ${marker}`).toBe(false)
    }
  }
})
