import { describe, expect, it } from 'vitest'
import { triesLeftText } from './tries'

describe('triesLeftText', () => {
  it('says the tries in words, and what the next miss does', () => {
    expect(triesLeftText(3)).toBe('Three tries left before the account locks.')
    expect(triesLeftText(2)).toBe('Two tries left before the account locks.')
    expect(triesLeftText(1)).toBe('One try left: one more miss locks the account.')
    expect(triesLeftText(0)).toMatch(/^No tries left: .*paused for 24 hours/)
    expect(triesLeftText(9), 'a longer limit still reads').toBe('9 tries left before the account locks.')
  })
})
