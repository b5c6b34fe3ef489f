import { describe, expect, it } from 'vitest'
import {
  EASTERN,
  daysSince,
  daysUntil,
  dueText,
  easternDeadline,
  exact,
  formatDate,
  formatDateTime,
  formatNearDateTime,
  formatPhone,
  timeAgo,
} from './dates'

// Sunday, November 29, 2026, 10 am ET: the specs' fixed now. No assertion reads the clock.
const now = new Date('2026-11-29T15:00:00Z')
const NY = EASTERN

describe('dates within and outside the current year', () => {
  it('leaves the year out within the current year', () => {
    expect(formatDate('2026-11-10T17:20:00Z', now, NY)).toBe('Nov 10')
    expect(formatDateTime('2026-11-28T14:02:00Z', now, NY)).toBe('Nov 28, 9:02 am')
  })
  it('says the year of another year', () => {
    expect(formatDate('2027-01-27T14:02:00Z', now, NY)).toBe('Jan 27, 2027')
    expect(formatDateTime('2025-12-31T22:00:00Z', now, NY)).toBe('Dec 31, 2025, 5 pm')
  })
  it('drops “:00” from whole hours and writes am and pm in lower case', () => {
    expect(formatDateTime('2026-10-04T14:00:00Z', now, NY)).toBe('Oct 4, 10 am')
    expect(formatDateTime('2026-10-04T04:30:00Z', now, NY)).toBe('Oct 4, 12:30 am')
  })
  it('says today and yesterday by the calendar of the reader’s zone', () => {
    expect(formatNearDateTime('2026-11-29T13:05:00Z', now, NY)).toBe('today, 8:05 am')
    expect(formatNearDateTime('2026-11-28T16:40:00Z', now, NY)).toBe('yesterday, 11:40 am')
    expect(formatNearDateTime('2026-11-20T13:15:00Z', now, NY)).toBe('Nov 20, 8:15 am')
  })
  it('reads in the zone it is given, not the computer’s', () => {
    expect(formatDateTime('2026-11-28T14:02:00Z', now, 'America/Los_Angeles')).toBe('Nov 28, 6:02 am')
  })
})

describe('the exact moment, for hovering', () => {
  it('spells out the day, the year and the zone', () => {
    expect(exact('2026-11-28T14:02:00Z', NY)).toBe('Saturday, November 28, 2026 at 9:02 AM ET')
    expect(exact('2026-11-28T14:02:00Z', 'America/Chicago')).toBe('Saturday, November 28, 2026 at 8:02 AM CST')
    expect(exact('2026-11-29T14:58:12Z', NY, true)).toBe('Sunday, November 29, 2026 at 9:58:12 AM ET')
  })
})

describe('deadlines in Eastern time', () => {
  it('is today, tomorrow, or a weekday with its date, with ET named', () => {
    expect(easternDeadline('2026-11-29T22:00:00Z', now)).toBe('today, 5 pm ET')
    expect(easternDeadline('2026-11-30T22:00:00Z', now)).toBe('tomorrow, 5 pm ET')
    expect(easternDeadline('2026-12-02T22:00:00Z', now)).toBe('Wed, Dec 2, 5 pm ET')
    expect(easternDeadline('2027-01-04T22:00:00Z', now)).toBe('Mon, Jan 4, 2027, 5 pm ET')
  })
  it('follows daylight saving time', () => {
    const july = new Date('2026-07-01T12:00:00Z')
    expect(easternDeadline('2026-07-02T21:00:00Z', july)).toBe('tomorrow, 5 pm ET')
  })
  it('counts the Eastern calendar, wherever the reader is: 5 pm ET tomorrow is tomorrow even late at night', () => {
    const lateSunday = new Date('2026-11-30T04:30:00Z') // 11:30 pm Sunday ET
    expect(easternDeadline('2026-11-30T22:00:00Z', lateSunday)).toBe('tomorrow, 5 pm ET')
  })
})

describe('due and overdue', () => {
  it('says when a request is due', () => {
    expect(dueText('2026-11-30T22:00:00Z', now)).toEqual({ text: 'Due tomorrow, 5 pm ET', past: false })
  })
  it('counts the days a request is overdue', () => {
    expect(dueText('2026-11-25T22:00:00Z', now)).toEqual({ text: '4 days overdue', past: true })
    expect(dueText('2026-11-28T22:00:00Z', now)).toEqual({ text: '1 day overdue', past: true })
  })
  it('says since when, on the day it fell due', () => {
    const evening = new Date('2026-11-30T23:30:00Z')
    expect(dueText('2026-11-30T22:00:00Z', evening)).toEqual({ text: 'Overdue since 5 pm ET', past: true })
  })
})

describe('how long ago', () => {
  it('says it in the largest unit that reads well', () => {
    expect(timeAgo('2026-11-29T14:59:30Z', now, NY)).toBe('just now')
    expect(timeAgo('2026-11-29T14:55:00Z', now, NY)).toBe('5 minutes ago')
    expect(timeAgo('2026-11-29T12:00:00Z', now, NY)).toBe('3 hours ago')
    expect(timeAgo('2026-11-28T14:02:00Z', now, NY)).toBe('yesterday')
    expect(timeAgo('2026-11-25T14:02:00Z', now, NY)).toBe('4 days ago')
    expect(timeAgo('2026-11-08T14:02:00Z', now, NY)).toBe('3 weeks ago')
    expect(timeAgo('2026-10-04T14:00:00Z', now, NY)).toBe('2 months ago')
    expect(timeAgo('2026-09-11T17:20:00Z', now, NY)).toBe('3 months ago')
    expect(timeAgo('2025-06-01T17:20:00Z', now, NY)).toBe('over a year ago')
  })
  it('says one in the singular', () => {
    expect(timeAgo('2026-11-29T14:59:00Z', now, NY)).toBe('1 minute ago')
    expect(timeAgo('2026-11-20T13:15:00Z', now, NY)).toBe('1 week ago')
  })
})

describe('days until', () => {
  it('rounds up to whole days and never goes below zero', () => {
    expect(daysUntil('2027-01-27T14:02:00Z', now)).toBe(59)
    expect(daysUntil('2026-11-28T14:02:00Z', now)).toBe(0)
    expect(daysSince('2026-09-11T17:20:00Z', now), 'whole days gone by').toBe(78)
    expect(daysSince('2027-01-27T14:02:00Z', now), 'never negative').toBe(0)
  })
})

describe('phone numbers', () => {
  it('formats North American E.164 numbers', () => {
    expect(formatPhone('+13125550188')).toBe('(312) 555-0188')
    expect(formatPhone('+1 312 555 0188 x12')).toBe('(312) 555-0188 x12')
    expect(formatPhone('3125550188')).toBe('(312) 555-0188')
  })
  it('keeps another country’s code and groups the rest', () => {
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958')
    expect(formatPhone('+4930123456')).toBe('+49 3012 3456')
  })
  it('reads a North American number however it was typed', () => {
    expect(formatPhone('1-800-555-0142')).toBe('(800) 555-0142')
  })
  it('shows anything else as typed', () => {
    expect(formatPhone('call reception')).toBe('call reception')
    expect(formatPhone(null)).toBe('')
  })
})
