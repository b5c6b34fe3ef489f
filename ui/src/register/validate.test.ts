import { describe, expect, it } from 'vitest'
import * as v from './validate'

describe('the portal’s field rules, checked while typing', () => {
  it('an email code is six digits, however they are spaced', () => {
    expect(v.emailCodeError('042917')).toBeNull()
    expect(v.emailCodeError(' 042 917 ')).toBeNull()
    expect(v.emailCodeError('')).toMatch(/Enter the code/)
    expect(v.emailCodeError('04291')).toMatch(/six digits/)
    expect(v.emailCodeError('04291a')).toMatch(/six digits/)
  })

  it('PDN: exactly five digits, leading zeros kept', () => {
    expect(v.pdnError('01234')).toBeNull()
    expect(v.pdnError('1234')).toBe(v.PDN_RULE)
    expect(v.pdnError('012345')).toBe(v.PDN_RULE)
    expect(v.pdnError('0123a')).toBe(v.PDN_RULE)
    expect(v.pdnError('')).toMatch(/Enter/)
  })

  it('user ID: 3 to 32 of a-z 0-9 . _ -, any case', () => {
    expect(v.userIdError('j.smith-2')).toBeNull()
    expect(v.userIdError('JSmith')).toBeNull()
    expect(v.userIdError('js')).toBe(v.USER_ID_RULE)
    expect(v.userIdError('j smith')).toBe(v.USER_ID_RULE)
    expect(v.userIdError('x'.repeat(33))).toBe(v.USER_ID_RULE)
  })

  it('business phone: North American in any punctuation, +international, an extension', () => {
    for (const ok of ['(555) 234-5678', '555.234.5678', '1-555-234-5678', '+44 20 7946 0958', '555 234 5678 x12', '(555) 234-5678 ext. 7'])
      expect(v.phoneError(ok), ok).toBeNull()
    for (const bad of ['555 123 4567', '055 234 5678', '234-5678', '+0 123 456 789', '555 234 5678 x', 'call me'])
      expect(v.phoneError(bad), bad).toBe(v.PHONE_RULE)
  })

  it('email looks like name@dealership.com', () => {
    expect(v.emailError('jamie.chen@lakeside.example')).toBeNull()
    expect(v.emailError('jamie.chen@')).toMatch(/must look like/)
    expect(v.emailError('jamie@localhost')).toMatch(/must look like/)
    expect(v.emailError('ja mie@lakeside.example')).toMatch(/must look like/)
  })

  it('role: from the list, or "other" with a description of at most 60 characters', () => {
    expect(v.roleError('', '')).toBe('Choose a role.')
    expect(v.roleError('owner', '')).toBeNull()
    expect(v.roleError('other', '  ')).toBe('Describe the role.')
    expect(v.roleError('other', 'x'.repeat(61))).toMatch(/at most 60/)
  })

  it('answers count after trimming and collapsing spaces', () => {
    expect(v.answerError('  a  b ')).toBeNull()
    expect(v.answerError(' ab ')).toMatch(/too short/)
    expect(v.answerError('x'.repeat(129))).toMatch(/too long/)
  })

  it('the three questions must all be different', () => {
    expect(v.questionErrors(['a', 'b', 'c'])).toEqual([null, null, null])
    expect(v.questionErrors(['a', 'a', 'c'])[1]).toMatch(/different from the first/)
    expect(v.questionErrors(['a', 'b', 'b'])[2]).toMatch(/different from both/)
    expect(v.questionErrors(['', '', ''])).toEqual(['Choose a question.', 'Choose a question.', 'Choose a question.'])
  })
})
