// A shared portal for the journeys that need one: the dealer-portal binary on a free
// loopback port, seeded with its demo data, and the app pointed at it from its first start
// (the restart a first-run choice makes cannot be followed over WebDriver).
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** The dealer-portal binary run.sh found next to the app, or why a journey skips. */
export const portalBin = process.env.DEALER_PORTAL_BIN
export const noPortal = portalBin
  ? false
  : 'no dealer-portal binary next to the app (cargo build -p dealer-portal --bins)'

/** A free loopback port (the portal is told which one to use). */
export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** The demo's accounts (user IDs, roles, passwords) seeded into `database`. */
export function seedDemo(database) {
  return JSON.parse(execFileSync(portalBin, ['seed-demo', '--json', '--database-url', database], { encoding: 'utf8' }))
}

/**
 * `dealer-portal serve` on `database` with more flags (`args`) and environment (`env`),
 * once it answers its health check: `{ server, url }`; kill `server` when done.
 */
export async function startPortal(database, { args = [], env = {} } = {}) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const server = spawn(portalBin, ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', database, ...args], {
    stdio: 'ignore',
    env: { ...process.env, ...env },
  })
  for (let i = 0; i < 100; i++) {
    if (await fetch(new URL('api/v1/health', url)).then((r) => r.ok, () => false)) break
    await new Promise((r) => setTimeout(r, 100))
  }
  return { server, url }
}

/** This PC uses the portal at `url` from its first start, as a personal computer. */
export function useSharedPortal(url) {
  mkdirSync(process.env.DEALER_APP_DATA, { recursive: true })
  writeFileSync(
    `${process.env.DEALER_APP_DATA}/settings.json`,
    JSON.stringify({ settings: { device_mode: 'personal', portal_url: url, idle_minutes: 5, last_user_id: null } }),
  )
}
