// The portal address rule as the form applies it while someone types: https:// anywhere,
// plain http:// only for this computer (localhost, 127.0.0.1), no user name or password.
// The app checks the same again (dealer-client) before anything is saved.

/** Where a portal address may start. */
const allowedStarts = ['https://', 'http://localhost', 'http://127.0.0.1']

/**
 * Why `raw` cannot be a portal's address, or null when it can. While `typing`, an empty
 * field or the start of an allowed address ("htt", "https:/") is not an error yet.
 */
export function portalUrlProblem(raw: string, typing = false): string | null {
  const url = raw.trim()
  const lower = url.toLowerCase()
  if (!url) return typing ? null : 'Enter the server’s address, starting with https://.'
  if (typing && allowedStarts.some((start) => start.startsWith(lower))) return null
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(lower)
  if (!lower.startsWith('https://') && !local) {
    return lower.startsWith('http://')
      ? 'Use https://: a shared server’s address starts with https://.'
      : 'The address must start with https:// (for example https://portal.example.com).'
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'This is not a web address. Check it (for example https://portal.example.com).'
  }
  if (parsed.username || parsed.password) {
    return 'Leave any user name or password out of the address: you sign in after choosing the server.'
  }
  return null
}
