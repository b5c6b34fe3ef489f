import { CommandFailure, checkScreenBoth, expect, manager, navigate, test } from './fixtures'
import { importReport, openSignedIn } from './requests-data'

const csv = [
  'first_name,last_name,email,business_phone,role,user_id,applications',
  'Sara,Lopez,sara.lopez@lakeside.example,(312) 555-0140,salesperson,slopez,smartcash',
  'James,Chen,james.chen@lakeside.example,(312) 555-0141,finance_manager,jchen,smartcash;intellirater',
  'Omar,Haddad,omar.haddad(at)lakeside,(312) 555-0142,accounting,ohaddad,',
  'Beth,Young,beth.young@lakeside.example,(312) 555-0143,title_clerk,byoung,smartauction',
].join('\n')

const file = (text: string, name = 'new-staff.csv') => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })

test('a CSV file is read in the page, imported with a progress indicator, and reported row by row', async ({ page, app }) => {
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  // The fake portal's report, held back until the progress indicator has been seen.
  app.on('import_requests', async (args) => {
    await held
    return importReport(String(args.csv))
  })
  await openSignedIn(page, app, manager)
  await navigate(page, 'Import')
  const section = page.getByRole('region', { name: 'Import staff' })
  await section.getByLabel('CSV file').setInputFiles(file(csv))
  await section.getByRole('button', { name: 'Import' }).click()
  await expect(section.getByRole('progressbar', { name: 'Importing new-staff.csv' })).toBeVisible()
  await expect(section).toHaveAttribute('aria-busy', 'true')
  release()

  const report = section.getByTestId('import-report')
  await expect(report.getByRole('heading', { name: 'Import report: new-staff.csv' })).toBeFocused()
  await expect(report.getByTestId('import-totals')).toHaveText('2 created, 1 duplicate, 1 error (4 rows).')
  await expect(report.getByTestId('import-row-1')).toContainText('slopez')
  await expect(report.getByTestId('import-row-1')).toContainText('Created')
  await expect(report.getByTestId('import-row-1').getByRole('button', { name: 'Request #1060' })).toBeVisible()
  await expect(report.getByTestId('import-row-2')).toContainText('Duplicate')
  const bad = report.getByTestId('import-row-3')
  await expect(bad).toContainText('Error')
  await expect(bad).toContainText('Email: Email address must look like name@dealership.com')
  await expect(bad).toContainText('Applications: Choose at least one application')
  expect(app.callsOf('import_requests')).toEqual([{ csv }])
  await section.scrollIntoViewIfNeeded()
  await checkScreenBoth(page, 'csv-import-report')

  await report.getByTestId('import-row-1').getByRole('button', { name: 'Request #1060' }).click()
  await expect(page.getByRole('heading', { name: /^Request #1060/ })).toBeVisible()
})

test('no file, or a file the portal cannot read, says so', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await navigate(page, 'Import')
  const section = page.getByRole('region', { name: 'Import staff' })
  await section.getByRole('button', { name: 'Import' }).click()
  await expect(section.getByLabel('CSV file')).toBeFocused()
  await expect(section.getByLabel('CSV file')).toHaveAccessibleDescription(/Choose a .csv file first/)
  expect(app.callsOf('import_requests')).toEqual([])

  // A first row that names no known columns is explained in words, before anything is sent.
  await section.getByLabel('CSV file').setInputFiles(file('name,mail\nA,b@c.de\n', 'wrong.csv'))
  await section.getByRole('button', { name: 'Import' }).click()
  await expect(section.getByLabel('CSV file')).toBeFocused()
  await expect(section.getByLabel('CSV file')).toHaveAccessibleDescription(
    /The first row names columns this import does not know: “name”, “mail”\./,
  )
  expect(app.callsOf('import_requests')).toEqual([])

  // A file the server refuses says so, and no report appears.
  app.on('import_requests', () => {
    throw new CommandFailure('bad_request', 'This row has 3 cells; the header names 7.')
  })
  await section.getByLabel('CSV file').setInputFiles(file(csv, 'short.csv'))
  await section.getByRole('button', { name: 'Import' }).click()
  await expect(section.getByRole('alert')).toHaveAttribute('data-code', 'bad_request')
  await expect(section.getByTestId('import-report')).toHaveCount(0)
})

test('the columns are shown in words, a file in words is accepted, and a template downloads', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await navigate(page, 'Import')
  const section = page.getByRole('region', { name: 'Import staff' })
  const help = section.getByTestId('import-columns')
  await expect(help.getByRole('rowheader')).toHaveText([
    'First name', 'Last name', 'Email', 'Business phone', 'Role', 'Role if other (optional)', 'User ID', 'Applications',
  ])
  await expect(section, 'no column keys on screen').not.toContainText('first_name')
  const download = page.waitForEvent('download')
  await section.getByRole('button', { name: 'Download a template' }).click()
  expect((await download).suggestedFilename()).toBe('new-staff-template.csv')

  const inWords = 'First name,Last name,Email,Business phone,Role,User ID,Applications\nSara,Lopez,sara.lopez@lakeside.example,(312) 555-0140,Salesperson,slopez,smartcash\n'
  await section.getByLabel('CSV file').setInputFiles(file(inWords))
  await section.getByRole('button', { name: 'Import' }).click()
  await expect(section.getByTestId('import-totals')).toHaveText('1 created, 0 duplicates, 0 errors (1 row).')
  expect(app.callsOf('import_requests')).toEqual([
    { csv: 'first_name,last_name,email,business_phone,role,user_id,applications\nSara,Lopez,sara.lopez@lakeside.example,(312) 555-0140,salesperson,slopez,smartcash\n' },
  ])
  await checkScreenBoth(page, 'import-in-words')
})
