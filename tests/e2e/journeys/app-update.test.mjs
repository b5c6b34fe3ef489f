// (l) The app finds its update on its own portal: a shared portal (the dealer-portal
// binary on loopback) hands out version 9.9.9 from DEALER_APP_UPDATES_DIR, signed with a
// key made here by `tauri signer` (the app trusts it through a debug build's
// DEALER_E2E_UPDATE_PUBKEY_FILE; a release build trusts only the key it was built with).
// The app asks at start; the office manager sees "Update available" with the notes and is
// asked before anything is installed. She says "Not now": on Linux the app is updated by
// its package manager, so the install itself is not run here (the Rust tests verify the
// download against its signature, and refuse a tampered one).
// e2e-env: DEALER_E2E_UPDATE_PUBKEY_FILE=/tmp/dealer-e2e-update.pub
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { browser, click, launch, quit, shot, shown, signIn, signOut, textMatches } from '../lib/app.mjs'
import { noPortal as skip, seedDemo, startPortal, useSharedPortal } from '../lib/shared-portal.mjs'

const tauri = join(dirname(fileURLToPath(import.meta.url)), '../../../ui/node_modules/.bin/tauri')
const pubkeyFile = '/tmp/dealer-e2e-update.pub'
const installer = 'Dealer Access_9.9.9_amd64.AppImage'
let dir
let server
let accounts

before(async () => {
  if (skip) return
  dir = mkdtempSync(join(tmpdir(), 'dealer-update-portal-'))
  const updates = join(dir, 'updates')
  mkdirSync(updates)
  // The provider's update key, made as docs/operating.md says, and a release signed with it.
  const key = join(dir, 'update.key')
  execFileSync(tauri, ['signer', 'generate', '--ci', '-w', key, '-p', 'e2e-key-password'], { stdio: 'ignore' })
  writeFileSync(join(updates, installer), `the next Dealer Access ${Date.now()}`)
  execFileSync(
    tauri,
    ['signer', 'sign', '-f', key, '-p', 'e2e-key-password', '--app-version', '9.9.9', join(updates, installer)],
    { stdio: 'ignore' },
  )
  writeFileSync(
    join(updates, 'latest.json'),
    JSON.stringify({
      version: '9.9.9',
      notes: 'Lists open faster.\nAccess reviews can be printed.',
      pub_date: '2026-12-01T12:00:00Z',
      platforms: { 'linux-x86_64': { url: installer } },
    }),
  )
  writeFileSync(pubkeyFile, readFileSync(`${key}.pub`, 'utf8'))

  const database = `sqlite:${dir}/portal.sqlite`
  accounts = seedDemo(database)
  let url
  ;({ server, url } = await startPortal(database, { env: { DEALER_APP_UPDATES_DIR: updates } }))
  const offered = await fetch(new URL('api/v1/app/updates/linux/x86_64/0.1.0', url))
  assert.equal(offered.status, 200, 'the portal offers 9.9.9 to a 0.1.0 app')
  useSharedPortal(url)
  await launch('u')
})

after(async () => {
  await quit().catch(() => {})
  server?.kill()
  rmSync(pubkeyFile, { force: true })
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('staff are not asked about the update', { skip }, async () => {
  const staff = accounts.find((a) => a.role === 'staff')
  await signIn(staff.user_id, staff.password)
  // The app asks its portal 20 s after it starts; wait past that before looking.
  await browser.pause(25000)
  assert.equal(await (await browser.$('[data-testid="update-available"]')).isExisting(), false)
  await signOut()
})

test('the office manager sees the update found on the portal, with its notes', { skip }, async () => {
  const manager = accounts.find((a) => a.role === 'office_manager')
  await signIn(manager.user_id, manager.password)
  await shown('[data-testid="update-available"]', 30000)
  await textMatches('[data-testid="update-available"] h2', /Update available: Dealer Access 9\.9\.9/)
  await textMatches('[data-testid="update-available"]', /This computer has 0\.1\.0\./)
  await textMatches('[data-testid="update-available"]', /Access reviews can be printed\./)
  await shot('01-update-available')
})

test('nothing is installed until she says so', { skip }, async () => {
  await click('[data-testid="install-update"]')
  await textMatches('dialog[open]', /Install Dealer Access 9\.9\.9\?/)
  await shot('02-install-asked')
  await click('button=Not now')
  await browser.waitUntil(async () => !(await (await browser.$('dialog[open]')).isExisting()), {
    timeout: 5000,
    timeoutMsg: 'the dialog did not close',
  })
  await shown('[data-testid="update-available"]')
})
