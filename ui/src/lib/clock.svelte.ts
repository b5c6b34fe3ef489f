// "Now" for the screens: one clock for every relative time ("Due tomorrow", "3 weeks ago"),
// moved on every minute, so what is on screen stays true while the window stays open.
// The formatters in dates.ts take it as an argument; only this module reads the time.
let current = $state(new Date())
let timer: ReturnType<typeof setInterval> | undefined

export const clock = {
  get now(): Date {
    if (timer === undefined && typeof window !== 'undefined') {
      timer = setInterval(() => (current = new Date()), 60_000)
    }
    return current
  },
}
