// The Playwright side of the mocked app: a fake of the app's commands (`MockApp`) that
// each spec adjusts, an axe check, and the screenshot every screen leaves in
// docs/screenshots/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import { bridgeFile } from './ipc/paths'
import { mockRequests } from './requests-data'
import { mockAccessReview } from './access-review-data'
import type { ErrorBody } from '../src/bindings/ErrorBody'
import type { ErrorCode } from '../src/bindings/ErrorCode'
import type { HelpDeskInfo } from '../src/bindings/HelpDeskInfo'
import type { Me } from '../src/bindings/Me'
import type { QuestionText } from '../src/bindings/QuestionText'
import type { ResetQuestions } from '../src/bindings/ResetQuestions'
import type { CommandName, Commands } from '../src/bindings/app/Commands'
import type { LoadedSettings } from '../src/bindings/app/LoadedSettings'
import type { Pinned } from '../src/bindings/app/Pinned'
import type { SavedDraft } from '../src/bindings/app/SavedDraft'
import type { Settings } from '../src/bindings/app/Settings'

type Args = Record<string, unknown>
/**
 * How a spec answers `C`: it receives the arguments the command's Rust signature takes and
 * returns what it answers (`Commands`, written from those signatures), so a mock cannot
 * drift from the command it stands in for.
 */
export type Handler<C extends CommandName> = (args: Commands[C]['args']) => Answer<C> | Promise<Answer<C>>
/** What a command answers; one that answers nothing may say `null`, as the bridge does. */
type Answer<C extends CommandName> = Commands[C]['result'] extends void ? void | null : Commands[C]['result']

/** Thrown by a handler: the command rejects with this `{code, message}`. */
export class CommandFailure {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    /** What goes with the code, as the portal sends it: `invalid_form`'s field-by-field
     * problems, `user_id_taken`'s free user IDs, `wrong_state`'s current state. */
    readonly details: Partial<Pick<ErrorBody, 'fields' | 'suggestions' | 'current_state'>> = {},
  ) {}
}

export const helpDesk: HelpDeskInfo = {
  name: 'Dealer Services Help Desk',
  phone: '1-800-555-0142',
  hours: 'Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)',
  time_zone: 'America/New_York',
  open_now: true,
  closes_at: '2026-11-30T01:00:00Z',
  next_opening: null,
  status_text: 'Open now until 8 pm ET',
}

export const manager: Me = {
  user_id: 'mgarcia',
  first_name: 'Maria',
  last_name: 'Garcia',
  email: 'maria.garcia@lakeside.example',
  phone: '+13125550100',
  role: 'office_manager',
  pdn: '01234',
  dealership_name: 'Lakeside Motors',
  must_change_password: false,
  two_step_setup_required: false,
  last_sign_in_at: '2026-11-28T14:02:00Z',
  deactivates_at: '2027-01-27T14:02:00Z',
}

/** The password the fake portal accepts for `manager` (test data, not a real secret). */
export const managerPassword = 'lantern orchard velvet canyon'

export const wrongCredentials = new CommandFailure(
  'invalid_credentials',
  'The user ID or password is not right. After 5 failed attempts online access is locked; ' +
    'call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET).',
)

/** A challenge question with its answer. */
type Challenge = QuestionText & { answer: string }

/** The challenge questions and answers of `manager` (test data). */
export const managerQuestions: [Challenge, Challenge] = [
  { id: 'first_street', text: 'What was the name of the street you grew up on?', answer: 'Maple Street' },
  { id: 'first_pet', text: 'What was the name of your first pet?', answer: 'Rex' },
]

/** `managerQuestions` as `start_password_reset` asks them: the two questions, no answers. */
export function managerChallenge(): ResetQuestions['questions'] {
  const asked = ({ id, text }: Challenge): QuestionText => ({ id, text })
  return [asked(managerQuestions[0]), asked(managerQuestions[1])]
}

export const wrongAnswers = new CommandFailure(
  'wrong_answers',
  'The answers could not be verified. A wrong answer locks online access, and then only the help desk can ' +
    'unlock it. To get back in, call Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET).',
)

/** The portal's policy, as far as these tests need it: length and one common password. */
function policy(password: string) {
  const length = [...password].length
  if (length < 15) {
    throw new CommandFailure(
      'weak_password',
      `This password is too short (${length} characters). Use at least 15 characters; a few unrelated ` +
        'words make a strong, memorable password.',
    )
  }
  if (/password/i.test(password)) {
    throw new CommandFailure(
      'weak_password',
      'This password is too easy to guess. This is similar to a commonly used password. Add another word ' +
        'or two. Uncommon words are better. A few unrelated words, like a short made-up sentence, make a ' +
        'strong password that is easy to remember.',
    )
  }
}

/** The request form's fields a draft may hold (src-tauri/src/drafts.rs `RequestDraft`). */
export const draftFields = [
  'kind', 'first_name', 'last_name', 'email', 'business_phone', 'role', 'role_other', 'user_id', 'applications', 'reason',
]

/** The app's commands, answered in Node; every call is recorded. */
export class MockApp {
  readonly calls: { cmd: CommandName; args: Args }[] = []
  /** Whose session the app holds: set by sign_in and resume_session, ended by sign_out. */
  signedIn: string | null = null
  /**
   * The app's drafts.json, by signed-in user ID (one portal in these tests). Like the app,
   * a shared PC keeps no draft past sign-out and drops other people's at sign-in.
   */
  readonly drafts = new Map<string, SavedDraft>()
  settings: Settings = {
    device_mode: null,
    portal_url: null,
    idle_minutes: 5,
    last_user_id: null,
  }
  /** What the administrator's policy pins, and the problems it had. */
  pinned: Pinned = { portal_url: false, device_mode: false, idle_minutes: false, remember_me: false }
  rememberMe: boolean | null = null
  policyProblems: string[] = []
  private handlers = new Map<CommandName, (args: Args) => unknown>()

  /** The settings in effect, as `get_settings` answers. */
  loaded(): LoadedSettings {
    const personal = this.settings.device_mode === 'personal'
    return {
      settings: { ...this.settings, last_user_id: personal ? this.settings.last_user_id : null },
      reset_notice: null,
      first_run: this.settings.device_mode === null && !(this.pinned.device_mode && this.pinned.portal_url),
      pinned: { ...this.pinned },
      remember_allowed: personal && this.rememberMe !== false,
      policy_problems: [...this.policyProblems],
    }
  }

  /** Refused as the app refuses a device setting: first run, else a signed-in office manager. */
  mayChangeDeviceSettings() {
    if (this.loaded().first_run) return
    if (!this.signedIn) throw new CommandFailure('unauthenticated', 'An office manager signs in to change how this computer is used.')
    if (this.signedIn !== manager.user_id) throw new CommandFailure('forbidden', 'Only an office manager can change how this computer is used.')
  }

  constructor() {
    const loaded = () => this.loaded()
    this.on('get_settings', loaded)
    this.on('set_device_mode', (args) => {
      if (this.pinned.device_mode) throw new CommandFailure('set_by_administrator', 'How this computer is used is set by your administrator and cannot be changed here.')
      this.mayChangeDeviceSettings()
      this.settings.device_mode = args.mode
      return loaded()
    })
    this.on('complete_first_run', (args) => {
      if (!this.loaded().first_run) throw new CommandFailure('forbidden', 'This computer is set up already.')
      this.settings.device_mode = args.mode
      return loaded()
    })
    this.on('end_visit', () => null)
    // An app that is current: the update specs say otherwise.
    this.on('update_status', () => ({ off: null, available: null, checked_at: '2026-11-30T13:00:00Z', problem: null }))
    this.on('help_desk_info', () => helpDesk)
    this.on('last_help_desk', () => null)
    this.on('kept_registrations', () => [])
    this.on('password_rules', () => ({ min_chars: 15, max_chars: 256 }))
    // The built-in portal, as a newcomer's app has it.
    this.on('portal_info', () => ({ embedded: true, url: 'http://127.0.0.1:41234/' }))
    this.on('demo_offer', () => false)
    this.on('mail_ready', () => true)
    this.on('two_step_status', () => ({ on: false, requirement: 'required', recovery_codes_left: 0 }))
    this.on('list_sessions', () => [
      {
        id: 'this-session',
        created_at: '2026-11-30T13:00:00Z',
        last_seen_at: '2026-11-30T14:00:00Z',
        expires_at: '2026-12-01T01:00:00Z',
        client_addr: '127.0.0.1',
        user_agent: null,
        current: true,
      },
    ])
    this.on('remembered_devices', () => [])
    this.on('resume_session', () => null)
    this.on('current_user', () => null)
    this.on('sign_out', () => null)
    // The password reset: any user ID gets two questions (decoys for unknown ones).
    let granted = false
    const norm = (a: unknown) => String(a).trim().replace(/\s+/g, ' ').toLowerCase()
    this.on('start_password_reset', () => {
      granted = false
      return { questions: managerChallenge(), wrong_answers_lock_after: 1 }
    })
    this.on('answer_password_reset', (args) => {
      const answers = args.answers
      const right = args.userId === manager.user_id && managerQuestions.every((q, i) => norm(answers[i]) === norm(q.answer))
      if (!right) throw wrongAnswers
      granted = true
      return { expires_in_minutes: 15 }
    })
    this.on('complete_password_reset', (args) => {
      if (!granted) {
        throw new CommandFailure(
          'invalid_reset_token',
          'This password reset has expired or was already used. Start the password reset again.',
        )
      }
      policy(String(args.newPassword))
      granted = false
      return null
    })
    this.on('cancel_password_reset', () => {
      granted = false
      return null
    })
    this.on('sign_in', (args) => {
      if (args.userId === manager.user_id && args.password === managerPassword) {
        return { user: manager, remembered: Boolean(args.remember), keychain_notice: null }
      }
      throw wrongCredentials
    })
    // The request form's draft, kept by the app for whoever is signed in.
    const owner = () => {
      if (!this.signedIn) throw new CommandFailure('unauthenticated', 'Please sign in.')
      return this.signedIn.toLowerCase()
    }
    this.on('draft_save', (args) => {
      const draft = args.draft
      const extra = Object.keys(draft).filter((k) => !draftFields.includes(k))
      const missing = draftFields.filter((k) => !(k in draft))
      if (extra.length || missing.length) {
        throw new CommandFailure('unknown', `invalid args \`draft\`: unknown ${extra} / missing ${missing}`)
      }
      this.drafts.set(owner(), { values: draft, saved_at: new Date().toISOString() })
      return null
    })
    this.on('draft_load', () => this.drafts.get(owner()) ?? null)
    this.on('draft_clear', () => {
      this.drafts.delete(owner())
      return null
    })
    // The signed-in side: staff, requests, the review queue, import, roster (requests-data.ts).
    mockRequests(this)
    // An open access review of Lakeside Motors (access-review-data.ts).
    mockAccessReview(this)
  }

  private get sharedPc() {
    return this.settings.device_mode !== 'personal'
  }

  /** What the app itself does around a command, whatever a spec makes the portal answer. */
  private session(cmd: CommandName, result: unknown) {
    const user = (result as { user?: { user_id?: string } } | null)?.user?.user_id
    if ((cmd === 'sign_in' || cmd === 'resume_session') && user) {
      this.signedIn = user
      if (this.sharedPc) [...this.drafts.keys()].filter((k) => k !== user.toLowerCase()).forEach((k) => this.drafts.delete(k))
    }
    if (cmd === 'current_user' && result === null) this.signedIn = null
  }

  /** Replace how `cmd` is answered (a command the app does not register is a type error). */
  on<C extends CommandName>(cmd: C, handler: Handler<C>): this {
    this.handlers.set(cmd, handler as (args: Args) => unknown)
    return this
  }

  callsOf<C extends CommandName>(cmd: C): Commands[C]['args'][] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args as Commands[C]['args'])
  }

  async answer(cmd: CommandName, args: Args) {
    this.calls.push({ cmd, args })
    if (cmd === 'sign_out') {
      // The app ends its session and, on a shared PC, drops the drafts, before the portal answers.
      this.signedIn = null
      if (this.sharedPc) this.drafts.clear()
    }
    const handler = this.handlers.get(cmd)
    if (!handler) return { err: { code: 'unknown', message: `no mock for command ${cmd}` } }
    try {
      const result = (await handler(args)) ?? null
      this.session(cmd, result)
      return { ok: result }
    } catch (e) {
      if (e instanceof CommandFailure) return { err: { code: e.code, message: e.message, ...e.details } }
      throw e
    }
  }
}

export const test = base.extend<{ app: MockApp }>({
  app: async ({ page }, use) => {
    const app = new MockApp()
    await page.exposeFunction('__e2eInvoke', (cmd: CommandName, args: Args) => app.answer(cmd, args))
    await page.addInitScript({ content: readFileSync(bridgeFile, 'utf8') })
    // Errors in the page fail the test: an uncaught exception, or anything the console
    // reports as an error, such as a Content-Security-Policy refusal.
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    await use(app)
    expect(errors, 'errors in the page').toEqual([])
  },
})

export { expect }

const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

/**
 * The screen as it stands passes axe's WCAG 2.0/2.1 A and AA rules, and is saved as
 * docs/screenshots/<name>.png.
 */
export async function checkScreen(page: Page, name: string) {
  // Nothing still loading: the help-desk card and every busy region have settled.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  )
  expect(found, `axe found WCAG A/AA violations on ${name}`).toEqual([])
  await page.evaluate(() => document.fonts.ready)
  // The frame's bar and navigation are sticky: a full-page shot of a scrolled page would
  // draw them part-way down, so every shot is taken from the top.
  await page.evaluate(() => window.scrollTo(0, 0))
  const shot = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' })
  const file = `${screenshots}${name}.png`
  const before = existsSync(file) ? readFileSync(file) : null
  if (!before || (await pixelsDiffer(page, before, shot))) writeFileSync(file, shot)
}

/**
 * The screen in light and then in dark (`<name>-dark.png`), each passing axe; light again
 * afterwards.
 */
export async function checkScreenBoth(page: Page, name: string) {
  await checkScreen(page, name)
  await page.emulateMedia({ colorScheme: 'dark' })
  try {
    await checkScreen(page, `${name}-dark`)
  } finally {
    await page.emulateMedia({ colorScheme: 'light' })
  }
}

/**
 * Whether two PNGs differ by more than the few anti-aliased pixels that change from run
 * to run (rounded corners, focus rings), so an unchanged screen leaves its file alone.
 * Decoded by the browser itself, in a blank page of the same context.
 */
async function pixelsDiffer(page: Page, a: Buffer, b: Buffer): Promise<boolean> {
  const scratch = await page.context().newPage()
  try {
    const changed = await scratch.evaluate(
      async ([a, b]) => {
        const decode = async (png: string) =>
          createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob())
        const [x, y] = await Promise.all([decode(a), decode(b)])
        if (x.width !== y.width || x.height !== y.height) return Infinity
        const pixels = (image: ImageBitmap) => {
          const canvas = new OffscreenCanvas(image.width, image.height)
          const context = canvas.getContext('2d')!
          context.drawImage(image, 0, 0)
          return context.getImageData(0, 0, image.width, image.height).data
        }
        const [p, q] = [pixels(x), pixels(y)]
        let changed = 0
        for (let i = 0; i < p.length; i += 4) {
          if (Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2])) > 8) changed++
        }
        return changed
      },
      [a.toString('base64'), b.toString('base64')],
    )
    return changed > 32
  } finally {
    await scratch.close()
  }
}

/** Opens the user menu at the top right of the frame; returns its panel. */
export async function openUserMenu(page: Page) {
  const panel = page.locator('#user-menu-panel')
  if (!(await panel.isVisible())) await page.getByTestId('user-menu').click()
  await expect(panel).toBeVisible()
  return panel
}

/** The frame shows `userId` signed in (read from the user menu, which is closed again). */
export async function expectSignedIn(page: Page, userId: string) {
  const panel = await openUserMenu(page)
  await expect(panel.getByTestId('signed-in-as')).toContainText(userId)
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
}

/** Signs out from the user menu. */
export async function signOut(page: Page) {
  const panel = await openUserMenu(page)
  await panel.getByRole('button', { name: 'Sign out' }).click()
}

/** Goes to an area of the frame's navigation ("Requests", "Audit log"). */
export async function navigate(page: Page, area: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: area, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused()
}
