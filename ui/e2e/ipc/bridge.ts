// Test-only: runs in the page before the app (page.addInitScript) and answers the app's
// commands with @tauri-apps/api/mocks. Each answer comes from the Playwright test itself
// (page.exposeFunction), so a spec states its portal's behaviour next to its assertions.
// This file is bundled by build-bridge.ts for the tests only; the app never imports it,
// so the production bundle holds no mock.
import { emit } from '@tauri-apps/api/event'
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks'

/** What the test answers: a value, or the `{code, message}` a command rejects with. */
type Answer = { ok: unknown } | { err: { code: string; message: string } }

declare global {
  interface Window {
    __e2eInvoke: (cmd: string, args: unknown) => Promise<Answer>
    /** An event as the app emits it (the tracking poll's `requests-changed`). */
    __e2eEmit: (event: string) => Promise<void>
  }
}

mockWindows('main')
mockIPC(
  async (cmd, args) => {
    const answer = await window.__e2eInvoke(cmd, args ?? {})
    if ('err' in answer) throw answer.err
    return answer.ok
  },
  { shouldMockEvents: true },
)
window.__e2eEmit = (event) => emit(event)
