import { describe, expect, it } from 'vitest'
import { easternDueTime } from './eastern'

describe('easternDueTime', () => {
  it('says the due time in US Eastern time, whatever the computer’s zone', () => {
    expect(easternDueTime('2026-12-02T22:00:00Z')).toBe('Wednesday, December 2 at 5:00 pm ET')
  })
  it('follows daylight saving time', () => {
    expect(easternDueTime('2026-07-01T21:00:00Z')).toBe('Wednesday, July 1 at 5:00 pm ET')
    expect(easternDueTime('2026-03-09T13:30:00Z')).toBe('Monday, March 9 at 9:30 am ET')
  })
})
