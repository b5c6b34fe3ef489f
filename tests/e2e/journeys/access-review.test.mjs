// (r) A quarterly access review in the real window (issue 17). The built-in portal opens
// reviews every 30 days here (the e2e-env line below); the journey loads the demo, lets 31
// days pass on the portal's clock and starts the app again, whose portal opens Lakeside's
// review at start. Maria finds it on her Staff page, keeps Robert, switches James's
// SmartAuction off and deactivates Anita; the provider's reviewer keeps Maria's own access
// (Lakeside has no other office manager); Maria finishes. The two requests are in the
// reviewers' queue, Anita is refused at sign-in, and the CSV report lists all four decisions.
// e2e-env: DEALER_ACCESS_REVIEW_EVERY=30
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  browser,
  click,
  firstRun,
  invoke,
  launch,
  loadDemo,
  moveClock,
  quit,
  shot,
  shown,
  signIn,
  signOut,
  textMatches,
  type,
} from '../lib/app.mjs'

let demo
let review

before(async () => {
  await launch('r')
  await firstRun('personal')
  demo = await loadDemo()
})
after(quit)

/** Tick a checkbox off through its label (WebKitGTK does not tick the small box on a WebDriver click). */
async function untick(row, label) {
  const box = await (await browser.$(`[data-testid="${row}"]`)).$(`label*=${label}`)
  await box.click()
}

test('no review yet: the dealership came on today', async () => {
  await signIn('mgarcia', demo.mgarcia.password)
  await shown('[data-testid="new-request"]', 15000)
  assert.equal(await (await browser.$('[data-testid="open-review"]')).isExisting(), false, 'nothing is due yet')
  await signOut()
})

test('31 days later the portal opens the review at start, and the Staff page says so', async () => {
  moveClock(31)
  await quit()
  await launch('r')
  await signIn('mgarcia', demo.mgarcia.password)
  await textMatches('[data-testid="open-review"]', /Access review open/, 15000)
  await shot('staff-review-open')
  await click('[data-testid="open-review-go"]')
  await textMatches('main h1', /Review access/)
  await textMatches('[data-testid="review-progress"]', /0 of 4 decided/)
  const { ok } = await invoke('access_reviews')
  assert.ok(ok, 'the review is listed')
  review = ok[0].id
})

test('Maria keeps Robert, switches James’s SmartAuction off and deactivates Anita; not her own row', async () => {
  await click('[data-testid="confirm-rbrooks"]')
  await textMatches('[data-testid="decision-rbrooks"]', /Keeps everything/)

  await untick('review-row-jchen', 'SmartAuction')
  await textMatches('[data-testid="confirm-jchen"]', /Remove unticked/)
  await click('[data-testid="confirm-jchen"]')
  await textMatches('[data-testid="decision-jchen"]', /Loses SmartAuction/)

  await click('[data-testid="deactivate-apatel"]')
  await type('#deactivate-reason', 'Left the dealership at the end of the month')
  await click('[data-testid="deactivate-save-apatel"]')
  await textMatches('[data-testid="decision-apatel"]', /Deactivate: Left the dealership/)

  assert.equal(await (await browser.$('[data-testid="confirm-mgarcia"]')).isExisting(), false, 'nobody decides on themselves')
  await textMatches('[data-testid="review-progress"]', /3 of 4 decided/)
  await click('[data-testid="review-finish"]')
  await textMatches('[data-testid="finish-error"]', /Maria Garcia is still to decide/)
  await shot('review-three-decided')
  await signOut()
})

test('the provider’s reviewer keeps Maria’s own access', async () => {
  await signIn('reviewer.sam', demo['reviewer.sam'].password)
  await click('[data-testid="nav-access-reviews"]')
  await textMatches('main h1', /Access reviews/)
  await click(`[data-testid="access-review-01234-${review}"] button`)
  await textMatches('main h1', /Access review: Lakeside Motors/)
  await click('[data-testid="confirm-mgarcia"]')
  await textMatches('[data-testid="decision-mgarcia"]', /Keeps everything/)
  assert.equal(await (await browser.$('[data-testid="review-finish"]')).isExisting(), false, 'finishing is the manager’s')
  await shot('provider-decided')
  await signOut()
})

test('Maria finishes: the removal and the deactivation are filed, and the CSV lists all four decisions', async () => {
  await signIn('mgarcia', demo.mgarcia.password)
  await click('[data-testid="open-review-go"]')
  await textMatches('[data-testid="review-progress"]', /4 of 4 decided/)
  await click('[data-testid="review-finish"]')
  await textMatches('[data-testid="review-finished"]', /Requests #\d+, #\d+ were filed/, 15000)
  await shot('review-finished')
  const { ok: csv, error } = await invoke('access_review_report_csv', { id: review, pdn: null })
  assert.ok(csv, JSON.stringify(error))
  const decisions = Object.fromEntries(
    csv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((row) => row.split(','))
      .map((cells) => [cells[7], cells[14]]),
  )
  assert.deepEqual(decisions, { apatel: 'deactivate', jchen: 'remove', mgarcia: 'keep', rbrooks: 'keep' })
  const { ok: pdf } = await invoke('access_review_report_pdf', { id: review, pdn: null })
  assert.equal(Buffer.from(pdf.slice(0, 8)).toString('latin1'), '%PDF-1.4', 'the printable report too')
  await signOut()
})

test('Anita is refused at sign-in, and the reviewers’ queue has both requests', async () => {
  const refused = await signIn('apatel', demo.apatel.password, { expect: 'error' })
  assert.match(await refused.getText(), /deactivated/)
  await shot('deactivated-refused')

  await signIn('reviewer.sam', demo['reviewer.sam'].password)
  await textMatches('main', /\(apatel\)/, 15000)
  await textMatches('main', /\(jchen\)/)
  await shot('queue-with-review-requests')
})
