// How many more misses the help desk may make verifying a caller, in words: the portal
// counts (`verify_tries_left`), the console says it so nobody has to do sums on the phone.

const WORDS = ['No', 'One', 'Two', 'Three', 'Four', 'Five']

/** "Two tries left before the account locks." for the caller's card and a miss. */
export function triesLeftText(left: number): string {
  if (left <= 0) return 'No tries left: the account is locked and verification is paused for 24 hours after the last miss.'
  if (left === 1) return 'One try left: one more miss locks the account.'
  const word = WORDS[left] ?? String(left)
  return `${word} tries left before the account locks.`
}
