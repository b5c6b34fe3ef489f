import { describe, expect, it, vi } from 'vitest'
import { onRequestsChanged, requestsChanged } from './changes'

describe('announcing changed requests to the open lists', () => {
  it('an announcement reaches every list listening, and none that stopped', () => {
    const [a, b] = [vi.fn(), vi.fn()]
    const stopA = onRequestsChanged(a)
    onRequestsChanged(b)()
    requestsChanged()
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 0])
    stopA()
  })
})
