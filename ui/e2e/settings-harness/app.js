// Test-only: the whole app with the unreachable-portal banner mounted above it, for
// portal-banner.spec.ts. Never part of the app's bundle.
import { mount } from 'svelte'
import '../../src/app.css'
import App from '../../src/App.svelte'
import PortalBanner from '../../src/lib/PortalBanner.svelte'

mount(PortalBanner, { target: document.getElementById('banner') })
mount(App, { target: document.getElementById('app') })
