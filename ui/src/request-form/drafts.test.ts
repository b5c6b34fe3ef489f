import { beforeEach, describe, expect, it } from 'vitest'
import { clearDraft, clearDraftsExcept, hasContent, loadDraft, saveDraft } from './drafts'
import { emptyValues } from './validate'

describe('request form drafts', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one draft per user ID and reads it back', () => {
    const values = { ...emptyValues('reactivation'), user_id: 'apatel' }
    saveDraft('MGarcia', values, new Date('2026-11-29T15:00:00Z'))
    expect(loadDraft('mgarcia')).toEqual({ values, saved_at: '2026-11-29T15:00:00.000Z' })
    expect(loadDraft('someone')).toBeNull()
    clearDraft('mgarcia')
    expect(loadDraft('mgarcia')).toBeNull()
  })

  it('drops a draft it cannot read, and fills in missing fields', () => {
    localStorage.setItem('dealer-access:request-draft:a', '{not json')
    expect(loadDraft('a')).toBeNull()
    expect(localStorage.getItem('dealer-access:request-draft:a')).toBeNull()
    localStorage.setItem('dealer-access:request-draft:b', JSON.stringify({ values: { kind: 'bogus' } }))
    expect(loadDraft('b')).toBeNull()
    localStorage.setItem('dealer-access:request-draft:c', JSON.stringify({ values: { kind: 'deactivation', user_id: 'x', applications: 'no' } }))
    expect(loadDraft('c')?.values).toEqual({ ...emptyValues('deactivation'), user_id: 'x' })
  })

  it('removes every other person’s draft, or all of them, and nothing else', () => {
    saveDraft('a', { ...emptyValues(), user_id: 'one' })
    saveDraft('b', { ...emptyValues(), user_id: 'two' })
    localStorage.setItem('unrelated', 'kept')
    clearDraftsExcept('b')
    expect(loadDraft('a')).toBeNull()
    expect(loadDraft('b')).not.toBeNull()
    clearDraftsExcept(null)
    expect(loadDraft('b')).toBeNull()
    expect(localStorage.getItem('unrelated')).toBe('kept')
  })

  it('knows an untouched form from one with something in it', () => {
    expect(hasContent(emptyValues('deactivation'))).toBe(false)
    expect(hasContent({ ...emptyValues(), email: ' ' })).toBe(false)
    expect(hasContent({ ...emptyValues(), applications: ['smartcash'] })).toBe(true)
    expect(hasContent({ ...emptyValues(), reason: 'left' })).toBe(true)
  })
})
