// Test-only: the Settings screen on its own page, signed in as `?as=` (office_manager,
// staff) or signed out (none), for settings.spec.ts. Never part of the app's bundle.
import { mount } from 'svelte'
import '../../src/app.css'
import Settings from '../../src/settings/Settings.svelte'

const role = new URLSearchParams(location.search).get('as') ?? 'none'
const session =
  role === 'none'
    ? null
    : {
        user: {
          user_id: role === 'office_manager' ? 'mgarcia' : 'jchen',
          first_name: role === 'office_manager' ? 'Maria' : 'Jamie',
          last_name: role === 'office_manager' ? 'Garcia' : 'Chen',
          email: 'someone@lakeside.example',
          role,
          pdn: '01234',
          dealership_name: 'Lakeside Motors',
          must_change_password: false,
          two_step_setup_required: false,
          last_sign_in_at: '2026-11-28T14:02:00Z',
          deactivates_at: '2027-01-27T14:02:00Z',
        },
        remembered: false,
        keychain_notice: null,
      }

mount(Settings, {
  target: document.getElementById('app'),
  props: {
    session,
    onclose: () => (document.body.dataset.closed = 'true'),
    onchanged: (loaded) => (document.body.dataset.idleMinutes = String(loaded.settings.idle_minutes)),
  },
})
