// A shared server is named by its host ("portal.lakeside.example"), never by a full
// address with its scheme, port and path (those live under Settings → Advanced).
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    return new URL(url).hostname || null
  } catch {
    return null
  }
}
