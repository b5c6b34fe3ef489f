// The one formatter of dates, times and phone numbers on screen (UX.md, "Words").
// Relative where it helps ("Due tomorrow, 5 pm ET", "2 days overdue", "3 weeks ago"),
// exact on hover (`exact`, for a title attribute); no year within the current year; the
// provider's deadlines in US Eastern time with "ET" said. Every function takes `now`
// (never reads the clock itself) and, for local times, an optional time zone (the
// reader's own when not given), so tests pin both.

const DAY = 24 * 60 * 60 * 1000
export const EASTERN = 'America/New_York'

type Parts = { year: number; month: number; day: number; weekday: string; monthName: string; hour: number; minute: number }

const partsCache = new Map<string, Intl.DateTimeFormat>()
function parts(date: Date, timeZone?: string): Parts {
  const key = timeZone ?? ''
  let f = partsCache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    partsCache.set(key, f)
  }
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]))
  const month = Number(p.month)
  return {
    year: Number(p.year),
    month,
    day: Number(p.day),
    weekday: p.weekday,
    monthName: MONTHS[month - 1],
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
  }
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Calendar days from `a` to `b` in `timeZone` (0: the same day, 1: b is the next day). */
function dayDiff(a: Date, b: Date, timeZone?: string): number {
  const x = parts(a, timeZone)
  const y = parts(b, timeZone)
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / DAY)
}

/** "9:02 am", "5 pm": minutes only when there are some. */
function clockTime(p: Parts): string {
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12
  const ampm = p.hour < 12 ? 'am' : 'pm'
  return p.minute === 0 ? `${h12} ${ampm}` : `${h12}:${String(p.minute).padStart(2, '0')} ${ampm}`
}

/** "Nov 28", or "Nov 28, 2025" outside the current year. */
function dayOf(p: Parts, nowParts: Parts): string {
  return p.year === nowParts.year ? `${p.monthName} ${p.day}` : `${p.monthName} ${p.day}, ${p.year}`
}

const iso = (d: string | Date) => (typeof d === 'string' ? new Date(d) : d)

/** A date: "Nov 28" (this year), "Nov 28, 2025" (another year). */
export function formatDate(when: string | Date, now: Date, timeZone?: string): string {
  return dayOf(parts(iso(when), timeZone), parts(now, timeZone))
}

/** A date and time: "Nov 28, 9:02 am", "Nov 28, 2025, 9:02 am". */
export function formatDateTime(when: string | Date, now: Date, timeZone?: string): string {
  const p = parts(iso(when), timeZone)
  return `${dayOf(p, parts(now, timeZone))}, ${clockTime(p)}`
}

/** A date and time close to now said as people say it: "today, 9:02 am", "yesterday, 4:15 pm", "Nov 20, 8:15 am". */
export function formatNearDateTime(when: string | Date, now: Date, timeZone?: string): string {
  const d = iso(when)
  const diff = dayDiff(d, now, timeZone)
  const p = parts(d, timeZone)
  if (diff === 0) return `today, ${clockTime(p)}`
  if (diff === 1) return `yesterday, ${clockTime(p)}`
  return formatDateTime(d, now, timeZone)
}

const exactFormat = new Map<string, Intl.DateTimeFormat>()
/**
 * The exact moment, for hovering (a title attribute): "Saturday, November 28, 2026 at
 * 9:02 AM EST" (to the second when asked: an audit entry); in Eastern time it names ET.
 */
export function exact(when: string | Date, timeZone?: string, seconds = false): string {
  const key = `${timeZone ?? ''}|${seconds}`
  let f = exactFormat.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      second: seconds ? '2-digit' : undefined,
      timeZoneName: timeZone === EASTERN ? undefined : 'short',
    })
    exactFormat.set(key, f)
  }
  const text = f.format(iso(when))
  return timeZone === EASTERN ? `${text} ET` : text
}

/** A provider's deadline, in Eastern time: "today, 5 pm ET", "tomorrow, 5 pm ET", "Wed, Dec 2, 5 pm ET". */
export function easternDeadline(when: string | Date, now: Date): string {
  const d = iso(when)
  const p = parts(d, EASTERN)
  const diff = dayDiff(now, d, EASTERN)
  const time = `${clockTime(p)} ET`
  if (diff === 0) return `today, ${time}`
  if (diff === 1) return `tomorrow, ${time}`
  if (diff === -1) return `yesterday, ${time}`
  return `${p.weekday}, ${dayOf(p, parts(now, EASTERN))}, ${time}`
}

/**
 * When a request is due, relative to now: "Due tomorrow, 5 pm ET", "Due Wed, Dec 2, 5 pm
 * ET"; once past: "Overdue since 5 pm ET" (the same day), "1 day overdue", "3 days overdue".
 */
export function dueText(due: string | Date, now: Date): { text: string; past: boolean } {
  const d = iso(due)
  if (d.getTime() > now.getTime()) return { text: `Due ${easternDeadline(d, now)}`, past: false }
  const days = dayDiff(d, now, EASTERN)
  if (days === 0) return { text: `Overdue since ${clockTime(parts(d, EASTERN))} ET`, past: true }
  return { text: days === 1 ? '1 day overdue' : `${days} days overdue`, past: true }
}

const plural = (n: number, word: string) => (n === 1 ? `1 ${word}` : `${n} ${word}s`)

/** How long ago: "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", "3 weeks ago", "2 months ago", "over a year ago". */
export function timeAgo(when: string | Date, now: Date, timeZone?: string): string {
  const d = iso(when)
  const ms = now.getTime() - d.getTime()
  if (ms < 60_000) return 'just now'
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`
  const days = dayDiff(d, now, timeZone)
  if (days === 0) return `${plural(Math.floor(minutes / 60), 'hour')} ago`
  if (days === 1) return 'yesterday'
  if (days < 7) return `${days} days ago`
  if (days < 30) return `${plural(Math.floor(days / 7), 'week')} ago`
  if (days < 365) return `${plural(Math.max(1, Math.round(days / 30.44)), 'month')} ago`
  return 'over a year ago'
}

/** Whole days from now until `when` (0 when it is today or past). */
export function daysUntil(when: string | Date, now: Date): number {
  return Math.max(0, Math.ceil((iso(when).getTime() - now.getTime()) / DAY))
}

/** Whole days since `when` (0 when it is today or still to come). */
export function daysSince(when: string | Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - iso(when).getTime()) / DAY))
}

/** "in 1 day", "in 59 days". */
export const inDays = (n: number) => (n === 1 ? 'in 1 day' : `in ${n} days`)

// Two-digit country codes (ITU E.164); "7" is the one single-digit code besides "1";
// every other code has three digits.
const TWO_DIGIT_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '),
)

/**
 * A phone number as people read it. A North American number (E.164 "+13125550188", or
 * ten digits) becomes "(312) 555-0188", its extension " x12"; another country's E.164
 * number keeps its "+" and country code and is grouped ("+44 20 7946 0958"); anything
 * else is shown as it was typed.
 */
export function formatPhone(raw: string | null | undefined): string {
  if (!raw) return ''
  const text = raw.trim()
  const ext = text.match(/\s*(?:x|ext\.?|extension|#)\s*(\d{1,6})$/i)
  const number = ext ? text.slice(0, ext.index).trim() : text
  const tail = ext ? ` x${ext[1]}` : ''
  if (!/^\+?[\d\s().-]+$/.test(number)) return text
  const digits = number.replace(/\D/g, '')
  const international = number.startsWith('+')
  let national: string | null = null
  if (digits.length === 11 && digits.startsWith('1')) national = digits.slice(1)
  else if (!international && digits.length === 10) national = digits
  if (national) return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}${tail}`
  if (!international || digits.length < 8) return text
  const cc = digits.startsWith('7') ? '7' : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? digits.slice(0, 2) : digits.slice(0, 3)
  const rest = digits.slice(cc.length)
  const head = rest.length % 4 === 0 ? '' : rest.slice(0, rest.length % 4)
  const groups = [head, ...(rest.slice(head.length).match(/\d{4}/g) ?? [])].filter(Boolean)
  return `+${cc} ${groups.join(' ')}${tail}`
}
