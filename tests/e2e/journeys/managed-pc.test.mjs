// (m) A PC managed by IT: the machine-wide policy /etc/dealer-access/policy.json (what the
// Windows registry key and the macOS managed preferences are elsewhere) pins a shared PC
// on the portal on this computer, with a value IT got wrong. The app asks nothing on
// first run, shows every pinned setting as the administrator's, lists the problem for IT,
// and refuses every command that would change a pinned setting, even from its office
// manager.
//
// The policy is the real file the app reads, so this journey needs root (CI runs as root)
// and a machine without a policy of its own; it removes the file when it ends.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs'
import { browser, click, fromUserMenu, invoke, launch, loadDemo, quit, shot, shown, signIn, textMatches } from '../lib/app.mjs'

const policyDir = '/etc/dealer-access'
const policyFile = `${policyDir}/policy.json`
const settingsFile = `${process.env.DEALER_APP_DATA}/settings.json`
const skip =
  process.getuid?.() !== 0
    ? 'writing /etc/dealer-access/policy.json needs root'
    : existsSync(policyFile)
      ? `${policyFile} exists already: this machine has a policy of its own`
      : false
let madeDir = false

before(async () => {
  if (skip) return
  if (!existsSync(policyDir)) {
    mkdirSync(policyDir, { mode: 0o755 })
    madeDir = true
  }
  writeFileSync(
    policyFile,
    JSON.stringify({ DeviceMode: 'shared', PortalUrl: '', IdleMinutes: 500, RememberMe: true }, null, 2),
    { mode: 0o644 },
  )
  await launch('m')
})

after(async () => {
  await quit().catch(() => {})
  if (skip) return
  rmSync(policyFile, { force: true })
  if (madeDir) rmdirSync(policyDir)
})

/** A settings command, called as a tampered page could: it must be refused as pinned. */
async function refusedAsPinned(command, args) {
  const { ok, error } = await invoke(command, args)
  assert.equal(ok, undefined, `${command} must not change what the policy pins`)
  assert.equal(error.code, 'set_by_administrator', `${command}: ${JSON.stringify(error)}`)
}

test('nothing the policy pins is asked: the app opens on the sign-in screen', { skip }, async () => {
  await shown('#user-id', 20000)
  await textMatches('[data-testid="sign-in-server"]', /on this computer/)
  await textMatches('main.sign-in header', /Shared dealership PC/)
  assert.equal(await (await browser.$('label*=Keep me signed in')).isExisting(), false, 'a shared PC remembers nobody')
  await shot('sign-in')
})

test('Settings shows each pinned setting as the administrator’s, and the policy’s problem', { skip }, async () => {
  await click('[data-testid="open-settings"]')
  await textMatches('[data-testid="policy-problems"]', /IdleMinutes/)
  for (const id of ['portal-pinned', 'device-pinned', 'idle-pinned']) {
    await textMatches(`[data-testid="${id}"]`, /Set by your administrator/)
  }
  await textMatches('[data-testid="idle-pinned"]', /Signs out after 120 idle minutes/)
  await shot('settings-pinned')
  await click('[data-testid="settings-close"]')
})

test('even the office manager cannot change a pinned setting', { skip }, async () => {
  const demo = await loadDemo()
  await browser.execute(() => window.scrollTo(0, 0))
  await signIn('mgarcia', demo.mgarcia.password)
  await fromUserMenu('open-settings')
  await textMatches('[data-testid="device-pinned"]', /Set by your administrator/)
  assert.equal(await (await browser.$('#settings-portal-url')).isExisting(), false, 'no portal form')
  assert.equal(await (await browser.$('[data-testid="device-save"]')).isExisting(), false, 'no device form')
  assert.equal(await (await browser.$('#idle-minutes')).isExisting(), false, 'no idle minutes form')
  await shot('settings-pinned-office-manager')

  await refusedAsPinned('set_device_mode', { mode: 'personal', idleMinutes: null })
  await refusedAsPinned('set_idle_minutes', { minutes: 60 })
  await refusedAsPinned('set_portal', { url: 'https://portal.example.com' })
  // The store may exist without settings: the help desk as last known is kept there too.
  const saved = (existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')).settings : null) ?? {}
  assert.notEqual(saved.device_mode, 'personal', 'nothing was saved')
  assert.notEqual(saved.idle_minutes, 60, 'nothing was saved')
})
