// The portal-choice and settings commands in the mocked app, for first-run, settings and
// portal-banner specs: a shared portal answers at portal.lakeside.example, nothing at
// down.example.com, and set_portal "restarts" by recording the choice.
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { CommandFailure, type MockApp } from './fixtures'
import { buildHarness, csp, harnessOut } from './settings-harness/build'

export const sharedPortal = 'https://portal.lakeside.example'

export function mockPortal(app: MockApp) {
  const settings = app.settings as { portal_url: string | null; idle_minutes: number }
  const loaded = () => ({ settings: { ...app.settings }, reset_notice: null })
  app.on('portal_info', () =>
    settings.portal_url
      ? { embedded: false, url: settings.portal_url }
      : { embedded: true, url: 'http://127.0.0.1:41234/' },
  )
  app.on('check_portal_url', (args) => {
    const url = String(args.url).trim()
    if (url.includes('down.example.com')) {
      throw new CommandFailure(
        'unreachable',
        `The portal at ${url}/ cannot be reached. Check the network connection and try again.`,
      )
    }
    return { url: `${url}/`, version: '0.1.0' }
  })
  app.on('set_portal', (args) => {
    settings.portal_url = (args.url as string | null) ?? null
    return loaded()
  })
  app.on('set_idle_minutes', (args) => {
    settings.idle_minutes = Number(args.minutes)
    return loaded()
  })
}

/** Serve the settings harness (settings-harness/build.ts) under the app window's CSP. */
export async function serveHarness(page: Page) {
  await buildHarness()
  await page.route('**/settings-harness/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace('/settings-harness/', '')
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html'
    await route.fulfill({
      body: await readFile(`${harnessOut}${path}`),
      headers: { 'content-type': type, 'content-security-policy': csp },
    })
  })
}
