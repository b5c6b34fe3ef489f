import { describe, expect, it } from 'vitest'
import { portalUrlProblem } from './portal-url'

describe('portalUrlProblem', () => {
  it('accepts https anywhere and plain http only on this computer', () => {
    for (const url of [
      'https://portal.example.com',
      ' https://portal.example.com/dealer/ ',
      'http://localhost:8787',
      'http://127.0.0.1:8787/',
      'HTTP://LOCALHOST',
    ]) {
      expect(portalUrlProblem(url), url).toBeNull()
    }
  })

  it('refuses plain http to another computer, other schemes and bare host names', () => {
    expect(portalUrlProblem('http://portal.example.com')).toMatch(/Use https:\/\//)
    expect(portalUrlProblem('http://localhost.example.com')).toMatch(/Use https:\/\//)
    expect(portalUrlProblem('portal.example.com')).toMatch(/must start with https:\/\//)
    expect(portalUrlProblem('ftp://portal.example.com')).toMatch(/must start with https:\/\//)
  })

  it('refuses an address holding a user name or password, without repeating it', () => {
    const problem = portalUrlProblem('https://ann:hunter2@portal.example.com')
    expect(problem).toMatch(/user name or password/)
    expect(problem).not.toContain('hunter2')
  })

  it('lets someone finish typing the start of an address, but not submit it', () => {
    for (const partial of ['', 'h', 'htt', 'https:/', 'https://', 'http://loc', 'http://127.0']) {
      expect(portalUrlProblem(partial, true), partial).toBeNull()
    }
    expect(portalUrlProblem('', false)).toMatch(/Enter the server’s address/)
    expect(portalUrlProblem('https://', false)).toMatch(/not a web address/)
    expect(portalUrlProblem('x', true), 'not the start of any allowed address').toMatch(/https:\/\//)
  })
})
