import { describe, expect, it } from 'vitest'
import { areaLabel, homeOf, navOf } from './nav'

describe('navigation by role', () => {
  it('gives each role exactly its areas', () => {
    const labels = (role: keyof typeof navOf) => navOf[role].map((a) => areaLabel[a])
    expect(labels('office_manager')).toEqual(['Staff', 'Requests', 'Import', 'Audit log'])
    expect(labels('reviewer')).toEqual(['Queue', 'Requests', 'Access reviews'])
    expect(labels('provider_admin')).toEqual(['Dealerships', 'Access reviews', 'Provider staff'])
    expect(labels('help_desk')).toEqual(['Callers'])
    expect(labels('staff')).toEqual(['My account'])
  })
  it('lands each role on its first area', () => {
    expect(homeOf('office_manager')).toBe('staff')
    expect(homeOf('reviewer')).toBe('queue')
    expect(homeOf('help_desk')).toBe('callers')
    expect(homeOf('staff')).toBe('account')
  })
})
