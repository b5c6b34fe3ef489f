// Times the provider promises (a request's due time: 5 pm ET on the next business day)
// read in US Eastern time wherever the reader is, with "ET" said.

const eastern = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

/** "Mon, Nov 30, 2026, 5:00 PM ET". */
export function easternTime(iso: string): string {
  return `${eastern.format(new Date(iso))} ET`
}

/** "Nov 28, 2026, 9:02 AM" in the reader's own time zone. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** "November 28, 2026" in the reader's own time zone. */
export function localDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'long' })
}
