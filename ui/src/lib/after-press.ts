// Layout changes caused by leaving a field (an error appearing, a warning going away) move
// what is below the field. When the field is left by pressing a button, such a change
// between press and release moves the button away from under the pointer and the click
// is lost. `afterPress` holds the change back until the press is over.

/** A mouse button or finger is down: leaving a field now is the first half of a click. */
let pressing = false
if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', () => (pressing = true), true)
  window.addEventListener('pointerup', () => setTimeout(() => (pressing = false), 0), true)
}

/** Run `change` now, or once the press in progress is released (after its click). */
export function afterPress(change: () => void) {
  if (!pressing) return void change()
  window.addEventListener('pointerup', () => setTimeout(change, 0), { once: true, capture: true })
}
