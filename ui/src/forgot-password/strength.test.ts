import { describe, expect, it } from 'vitest'
import { MIN_CHARS, rules, strength } from './strength'

describe('strength', () => {
  it('says how many characters are still missing', () => {
    const s = strength('short one')
    expect(s.level).toBe(1)
    expect(s.label).toBe('Too short')
    expect(s.advice).toContain(`9 of at least ${MIN_CHARS} characters`)
  })

  it('counts characters, not UTF-16 units', () => {
    expect(strength('é'.repeat(3)).advice).toContain('3 of at least')
    expect(strength('😀😀').advice).toContain('2 of at least')
  })

  it('calls out the user ID inside the password, whatever its case', () => {
    expect(strength('MGarcia and a long tail of words', 'mgarcia')).toMatchObject({ level: 1, label: 'Weak' })
  })

  it('a common password inside a long one is still weak', () => {
    expect(strength('mypassword2026!!')).toMatchObject({ level: 1, label: 'Weak' })
    expect(strength('Qwerty and more words here').level).toBe(1)
  })

  it('a long run of the same few characters is only fair', () => {
    expect(strength('aaaaaaaaaaaaaaaaaaaa').level).toBe(2)
    expect(strength('abababababababababab').level).toBe(2)
  })

  it('a few unrelated words are strong', () => {
    expect(strength('lantern orchard velvet canyon')).toMatchObject({ level: 4, label: 'Strong' })
  })

  it('long enough but plain is good, not strong', () => {
    expect(strength('Thunderstorms21').level).toBe(3)
  })

  it('nothing typed yet says what is asked', () => {
    expect(strength('')).toMatchObject({ level: 0, label: 'Not entered' })
  })
})

describe('rules', () => {
  it('are shown before anything is typed, none met yet', () => {
    expect(rules('', 'jchen').map((r) => [r.text, r.met])).toEqual([
      [`At least ${MIN_CHARS} characters`, false],
      ['Not your user ID', false],
      ['Not a common password', false],
    ])
  })

  it('tick one by one as the password is typed', () => {
    const met = (password: string) => rules(password, 'jchen').filter((r) => r.met).map((r) => r.key)
    expect(met('copper')).toEqual(['personal', 'common'])
    expect(met('copper jchen lantern ridge')).toEqual(['length', 'common'])
    expect(met('Password lantern ridge')).toEqual(['length', 'personal'])
    expect(met('copper lantern ridge orbit')).toEqual(['length', 'personal', 'common'])
  })
})
