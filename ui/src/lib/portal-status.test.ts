import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { get } from 'svelte/store'
import { afterEach, describe, expect, it } from 'vitest'
import { call } from '../api'
import { portalProblem, portalReachable, reportCommandError } from './portal-status'

afterEach(() => {
  clearMocks()
  portalReachable()
})

describe('portal status', () => {
  it('is raised by unreachable and timeout, and lowered when the portal answers again', () => {
    expect(get(portalProblem)).toBeNull()
    reportCommandError('dealer_users', { code: 'timeout', message: 'The portal did not answer in time.' })
    expect(get(portalProblem)).toEqual({ code: 'timeout', message: 'The portal did not answer in time.' })
    reportCommandError('sign_in', { code: 'unreachable', message: 'The portal cannot be reached.' })
    expect(get(portalProblem)?.code).toBe('unreachable')
    portalReachable()
    expect(get(portalProblem)).toBeNull()
  })

  it('ignores every other error: the portal answered them', () => {
    for (const code of ['invalid_credentials', 'locked', 'forbidden', 'unknown', 'protocol'] as const) {
      reportCommandError('sign_in', { code, message: 'no' })
    }
    expect(get(portalProblem)).toBeNull()
  })

  it('ignores a shared portal being checked or chosen: that is not the app’s portal', () => {
    reportCommandError('check_portal_url', { code: 'unreachable', message: 'The portal at https://x/ cannot be reached.' })
    reportCommandError('set_portal', { code: 'timeout', message: 'No answer.' })
    expect(get(portalProblem)).toBeNull()
  })

  it('hears about every command through call, which still rejects with the error', async () => {
    mockIPC(() => {
      throw { code: 'unreachable', message: 'The portal at https://portal.example.com/ cannot be reached.' }
    })
    await expect(call('dealer_requests', { filter: {} })).rejects.toMatchObject({ code: 'unreachable' })
    expect(get(portalProblem)?.message).toContain('https://portal.example.com/')
  })
})
