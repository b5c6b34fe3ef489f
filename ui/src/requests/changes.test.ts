import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RequestState, RequestSummary } from '../api/requests'
import { onRequestsChanged, requestsChanged, stateChanged, trackRequests } from './changes'

const request = (id: number, state: RequestState) => ({ id, state }) as RequestSummary

describe('what a look at the requests teaches', () => {
  it('the first look only learns the states', () => {
    expect(stateChanged(null, [request(1, 'submitted')]).changed).toBe(false)
  })

  it('a request in another state than last time is a change; a new one or the same state is not', () => {
    const { seen } = stateChanged(null, [request(1, 'submitted')])
    expect(stateChanged(seen, [request(1, 'approved')]).changed).toBe(true)
    expect(stateChanged(seen, [request(1, 'submitted'), request(2, 'submitted')]).changed).toBe(false)
  })
})

describe('tracking the requests for the open lists', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('tells the lists once a tracked request changes state, not at the first look, and stops when told', async () => {
    const states: RequestState[] = ['submitted', 'submitted', 'in_review', 'in_review']
    let looks = 0
    const heard = vi.fn()
    const unlisten = onRequestsChanged(heard)
    const stop = trackRequests(async () => [request(7, states[looks++] ?? 'in_review')], 1_000)
    await vi.advanceTimersByTimeAsync(0)
    expect(looks).toBe(1)
    expect(heard, 'the first look announces nothing').not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(heard, 'the same state is not news').not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(heard, 'submitted → in review is').toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(heard).toHaveBeenCalledTimes(1)
    stop()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(looks, 'no look after stopping').toBe(4)
    unlisten()
  })

  it('after a failed look, the next one only learns again', async () => {
    const answers: (RequestState | null)[] = ['submitted', null, 'approved']
    let looks = 0
    const heard = vi.fn()
    const unlisten = onRequestsChanged(heard)
    const stop = trackRequests(async () => {
      const state = answers[looks++]
      if (!state) throw { code: 'unreachable', message: 'The portal cannot be reached.' }
      return [request(7, state)]
    }, 1_000)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(looks).toBe(3)
    expect(heard).not.toHaveBeenCalled()
    stop()
    unlisten()
  })

  it('an announcement reaches every list listening, and none that stopped', () => {
    const [a, b] = [vi.fn(), vi.fn()]
    const stopA = onRequestsChanged(a)
    onRequestsChanged(b)()
    requestsChanged()
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 0])
    stopA()
  })
})
