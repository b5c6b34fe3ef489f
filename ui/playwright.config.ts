import { defineConfig } from '@playwright/test'

// Chromium (the WebView2 engine family) from the system: Playwright's own browsers are
// never downloaded. The app's commands are mocked in the page (see e2e/ipc/bridge.ts);
// WebKit is covered by the real app window over WebDriver (tests/e2e).
// Another checkout's preview server may hold the default port: UI_PORT picks another.
const port = Number(process.env.UI_PORT ?? 4173)

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/ipc/build-bridge.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    // The app window's default size (src-tauri/tauri.conf.json).
    viewport: { width: 1100, height: 760 },
    colorScheme: 'light',
    // Dates and times on screen, and so the screenshots, the same on every machine.
    locale: 'en-US',
    timezoneId: 'America/New_York',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
