// What the request form's person picker lists for a search: the dealership's people whose
// name or user ID holds every word typed, those the request applies to first (by last
// name), then the others with the reason they are not offered.
import type { DealerUser } from '../api/requests'
import { eligibility, type Eligibility, type EligibilityContext, type PersonKind } from '../staff/eligibility'

export interface PersonOption {
  user: DealerUser
  eligibility: Eligibility
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()

/** Whether every word of `query` is in the person's name or user ID ("ani pat", "apatel"). */
export function matches(user: DealerUser, query: string): boolean {
  const haystack = fold(`${user.first_name} ${user.last_name} ${user.user_id}`)
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word))
}

export function personOptions(
  people: DealerUser[],
  kind: PersonKind,
  query: string,
  context: EligibilityContext,
): PersonOption[] {
  const byName = (a: DealerUser, b: DealerUser) =>
    a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name) || a.user_id.localeCompare(b.user_id)
  const found = people.filter((u) => matches(u, query)).map((user) => ({ user, eligibility: eligibility(kind, user, context) }))
  return found.sort((a, b) => Number(b.eligibility.ok) - Number(a.eligibility.ok) || byName(a.user, b.user))
}

/** The person whose user ID is exactly what was typed (any case), if any. */
export const byUserId = (people: DealerUser[], typed: string) =>
  people.find((u) => u.user_id.toLowerCase() === typed.trim().toLowerCase()) ?? null
