// The portal-choice and settings commands in the mocked app, for first-run, settings and
// portal-banner specs: a shared portal answers at portal.lakeside.example, nothing at
// down.example.com, and set_portal "restarts" by recording the choice.
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import type { OutboxEntry } from '../src/bindings/OutboxEntry'
import type { MailSettings } from '../src/bindings/app/MailSettings'
import { CommandFailure, type MockApp } from './fixtures'
import { buildHarness, csp, harnessOut } from './settings-harness/build'

export const sharedPortal = 'https://portal.lakeside.example'

export function mockPortal(app: MockApp) {
  const settings = app.settings
  const loaded = () => app.loaded()
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
    if (app.pinned.portal_url) throw new CommandFailure('set_by_administrator', 'Where your dealership’s data is is set by your administrator and cannot be changed here.')
    app.mayChangeDeviceSettings()
    settings.portal_url = args.url ?? null
    return loaded()
  })
  app.on('complete_first_run', (args) => {
    if (!app.loaded().first_run) throw new CommandFailure('forbidden', 'This computer is set up already.')
    const url = args.url
    if (url?.includes('down.example.com')) {
      throw new CommandFailure('unreachable', `The portal at ${url}/ cannot be reached. Check the network connection and try again.`)
    }
    app.settings.device_mode = args.mode
    if (!app.pinned.portal_url) settings.portal_url = url ? (url.endsWith('/') ? url : `${url}/`) : null
    return loaded()
  })
  mockMail(app)
  app.on('set_idle_minutes', (args) => {
    if (app.pinned.idle_minutes) throw new CommandFailure('set_by_administrator', 'The idle sign-out is set by your administrator and cannot be changed here.')
    app.mayChangeDeviceSettings()
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

/** The built-in portal's mail: not set up, two mails waiting; a test mail "arrives" unless
 * the server is `refuse.example.com`; saving keeps the settings, the password only as
 * "saved". */
export function mockMail(app: MockApp) {
  let saved: MailSettings | null = null
  let passwordSaved = false
  const queue: OutboxEntry[] = [
    { id: 2, created_at: '2026-11-29T14:10:00Z', to: 'nora.hale@lakeside.example', subject: 'Your Dealer Access user ID is ready: set your password', kind: 'enrollment_code', state: 'queued', attempts: 0, sent_at: null, last_error: null },
    { id: 1, created_at: '2026-11-28T15:00:00Z', to: 'maria.garcia@lakeside.example', subject: 'Request update', kind: 'request_decision', state: 'queued', attempts: 0, sent_at: null, last_error: null },
  ]
  const check = (settings: MailSettings, password: unknown) => {
    const fields = []
    if (!String(settings.host).trim()) fields.push({ field: 'host', message: 'Enter the SMTP server’s name, like smtp.example.com.' })
    if (String(settings.user).trim() && !password && !passwordSaved) fields.push({ field: 'password', message: 'Enter the password for this user name.' })
    if (!String(settings.from).includes('@')) fields.push({ field: 'from', message: 'Enter the sender address, like no-reply@your-dealership.com.' })
    if (fields.length) throw new CommandFailure('invalid_form', 'Please correct the mail settings.', { fields })
  }
  app.on('mail_settings', () => ({ settings: saved, password_saved: passwordSaved }))
  app.on('mail_queue', () => structuredClone(queue))
  app.on('send_test_mail', (args) => {
    const settings = args.settings
    check(settings, args.password)
    if (settings.host === 'refuse.example.com') {
      throw new CommandFailure('unreachable', 'The test mail was not sent: the server refused the sign-in (535 5.7.8 Authentication failed). Check the settings and try again.')
    }
    return 'maria.garcia@lakeside.example'
  })
  app.on('save_mail_settings', (args) => {
    const settings = args.settings
    check(settings, args.password)
    saved = settings
    passwordSaved ||= Boolean(args.password)
    for (const mail of queue) mail.state = 'sent'
    return { settings: saved, password_saved: passwordSaved }
  })
}
