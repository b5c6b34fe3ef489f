import { readFileSync } from 'node:fs'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { defineConfig } from 'vitest/config'

// The app window's Content-Security-Policy, so `vite preview` (the Playwright tests)
// serves the UI under the same rules as the app: an inline style or script fails there too.
const tauriConf = JSON.parse(readFileSync(new URL('../src-tauri/tauri.conf.json', import.meta.url), 'utf8'))
const csp: string = tauriConf.app.security.csp

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // The app is served from the bundle by Tauri: nothing is fetched at run time.
  build: { target: 'es2022', assetsInlineLimit: 0 },
  preview: { headers: { 'Content-Security-Policy': csp } },
  test: {
    environment: 'jsdom',
    setupFiles: ['./vitest-setup.ts'],
    include: ['src/**/*.test.ts'],
  },
})
