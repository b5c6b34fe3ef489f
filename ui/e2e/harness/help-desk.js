// Test-only: the help-desk console on its own page, signed in as a help-desk person, for
// help-desk.spec.ts while the signed-in home does not route the help_desk role to it.
// Bundled by that spec (build.ts); never part of the app's bundle.
import { mount } from 'svelte'
import '../../src/app.css'
import HelpDeskConsole from '../../src/help-desk/HelpDeskConsole.svelte'

const session = {
  user: {
    user_id: 'hd.ann',
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann.lee@provider.example',
    role: 'help_desk',
    pdn: null,
    dealership_name: null,
    must_change_password: false,
    last_sign_in_at: '2026-11-29T13:00:00Z',
    deactivates_at: null,
  },
  remembered: false,
  keychain_notice: null,
}

mount(HelpDeskConsole, {
  target: document.getElementById('app'),
  props: { session, onsignedout: () => (document.body.dataset.signedOut = 'true') },
})
