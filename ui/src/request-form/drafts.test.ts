import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { draftSaver, forgetWebViewDrafts, hasContent } from './drafts'
import { emptyValues, type FormValues } from './validate'

/** A store that records what it was asked, and can be made to fail. */
function recorder() {
  const calls: string[] = []
  let fail = false
  return {
    calls,
    failNext: () => (fail = true),
    store: {
      save: async (v: FormValues) => {
        calls.push(`save ${v.user_id}`)
        if (fail) {
          fail = false
          throw { code: 'drafts', message: 'The draft could not be saved on this computer.' }
        }
      },
      clear: async () => {
        calls.push('clear')
      },
    },
  }
}

const typed = (user_id: string): FormValues => ({ ...emptyValues('reactivation'), user_id })

describe('the draft saver', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('saves once typing pauses, only the last state, and clears an emptied form', async () => {
    const { calls, store } = recorder()
    const saver = draftSaver(store)
    await saver.reset(emptyValues())
    saver.change(typed('a'))
    saver.change(typed('ap'))
    saver.change(typed('apatel'))
    await vi.advanceTimersByTimeAsync(399)
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toEqual(['save apatel'])
    saver.change(emptyValues('reactivation'))
    await vi.advanceTimersByTimeAsync(400)
    expect(calls).toEqual(['save apatel', 'clear'])
  })

  it('sends nothing while the form is as it was kept (a draft just restored)', async () => {
    const { calls, store } = recorder()
    const saver = draftSaver(store)
    await saver.reset(typed('apatel'))
    saver.change(typed('apatel'))
    await vi.advanceTimersByTimeAsync(1000)
    saver.flush()
    expect(calls).toEqual([])
  })

  it('flush keeps a waiting change at once; reset drops it, so a submitted draft does not come back', async () => {
    const { calls, store } = recorder()
    const saver = draftSaver(store)
    await saver.reset(emptyValues())
    saver.change(typed('apatel'))
    saver.flush()
    expect(calls).toEqual(['save apatel'])
    saver.change(typed('apatel2'))
    await saver.reset(typed('apatel2'))
    await vi.advanceTimersByTimeAsync(1000)
    saver.flush()
    expect(calls).toEqual(['save apatel'])
  })

  it('says when a save failed, and tries the same draft again on the next change', async () => {
    const { calls, store, failNext } = recorder()
    const results: boolean[] = []
    const saver = draftSaver(store, (ok) => results.push(ok))
    await saver.reset(emptyValues())
    failNext()
    saver.change(typed('apatel'))
    await vi.advanceTimersByTimeAsync(400)
    expect(results).toEqual([false])
    saver.change(typed('apatel'))
    await vi.advanceTimersByTimeAsync(400)
    expect(calls).toEqual(['save apatel', 'save apatel'])
    expect(results).toEqual([false, true])
  })
})

describe('drafts left in the web view', () => {
  it('are removed unread, and nothing else is', () => {
    localStorage.setItem('dealer-access:request-draft:mgarcia', JSON.stringify({ values: { user_id: 'apatel' } }))
    localStorage.setItem('dealer-access:request-draft:someone.else', '{}')
    localStorage.setItem('unrelated', 'kept')
    forgetWebViewDrafts()
    expect(Object.keys({ ...localStorage })).toEqual(['unrelated'])
    expect(() => forgetWebViewDrafts(null)).not.toThrow()
  })
})

describe('hasContent', () => {
  it('knows an untouched form from one with something in it', () => {
    expect(hasContent(emptyValues('deactivation'))).toBe(false)
    expect(hasContent({ ...emptyValues(), email: ' ' })).toBe(false)
    expect(hasContent({ ...emptyValues(), applications: ['smartcash'] })).toBe(true)
    expect(hasContent({ ...emptyValues(), reason: 'left' })).toBe(true)
  })
})
