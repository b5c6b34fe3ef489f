// The request form's offline draft: the typed side of src-tauri/src/commands/drafts.rs.
// The app keeps it (tauri-plugin-store, drafts.json), never the web view; whose draft it
// is comes from the app's session, so no call names a user.
import { call } from '../api'
import type { RequestDraft } from '../bindings/app/RequestDraft'
import type { SavedDraft } from '../bindings/app/SavedDraft'

export type { DraftKind } from '../bindings/app/DraftKind'
export type { RequestDraft } from '../bindings/app/RequestDraft'
export type { SavedDraft } from '../bindings/app/SavedDraft'

export const draftsApi = {
  /** Keep the form as typed so far as my draft (only its non-secret fields exist). */
  save: (draft: RequestDraft) => call('draft_save', { draft }),
  /** My draft, if I left one. */
  load: () => call('draft_load'),
  /** Remove my draft: submitted or discarded. */
  clear: () => call('draft_clear'),
}
