// Mail from the built-in portal: its SMTP server, set by the office manager, and the queue
// of what waits or went out (src-tauri/src/commands/mail.rs). The password goes to the
// app once and is kept only in the computer's keychain.
import { call } from '../api'
import type { MailSettings } from '../bindings/app/MailSettings'
import type { MailSetup } from '../bindings/app/MailSetup'
import type { OutboxEntry } from '../bindings/OutboxEntry'

export type { MailSecurity } from '../bindings/app/MailSecurity'
export type { MailSettings } from '../bindings/app/MailSettings'
export type { MailSetup } from '../bindings/app/MailSetup'
export type { OutboxEntry } from '../bindings/OutboxEntry'

export const mailApi = {
  settings: () => call('mail_settings'),
  /** Sends to the signed-in manager's own address; answers that address. */
  sendTest: (settings: MailSettings, password: string | null) => call('send_test_mail', { settings, password }),
  save: (settings: MailSettings, password: string | null) => call('save_mail_settings', { settings, password }),
  queue: () => call('mail_queue'),
  /** Whether promised mail goes out now (false: the built-in portal's mail is not set up). */
  ready: () => call('mail_ready'),
}
