// The import file's columns in the words people use ("First name", "Business phone"),
// turned into the column keys the server reads before the file is sent; a role written
// by its name ("Finance manager") becomes its key too. A file already in the server's
// own form is sent as it is. The server checks every row again and reports on each.
import { roleKeyLabel, roleKeys } from '../api/requests'

export interface Column {
  key: string
  label: string
  required: boolean
  example: string
  hint: string
}

export const columns: Column[] = [
  { key: 'first_name', label: 'First name', required: true, example: 'Sara', hint: '' },
  { key: 'last_name', label: 'Last name', required: true, example: 'Lopez', hint: '' },
  { key: 'email', label: 'Email', required: true, example: 'sara.lopez@lakeside.example', hint: '' },
  { key: 'business_phone', label: 'Business phone', required: true, example: '(312) 555-0140', hint: '' },
  { key: 'role', label: 'Role', required: true, example: 'Salesperson', hint: 'As in the request form: Salesperson, Finance manager, … or Other' },
  { key: 'role_other', label: 'Role if other', required: false, example: '', hint: 'Only with the role Other' },
  { key: 'user_id', label: 'User ID', required: true, example: 'slopez', hint: '3 to 32 letters a-z, digits, dot, underscore or hyphen' },
  { key: 'applications', label: 'Applications', required: true, example: 'SmartCash;IntelliRater', hint: 'Separated by “;”' },
]

const aliases: Record<string, string> = {
  firstname: 'first_name',
  given_name: 'first_name',
  lastname: 'last_name',
  surname: 'last_name',
  family_name: 'last_name',
  email_address: 'email',
  e_mail: 'email',
  phone: 'business_phone',
  phone_number: 'business_phone',
  business_phone_number: 'business_phone',
  job_role: 'role',
  role_if_other: 'role_other',
  other_role: 'role_other',
  role_description: 'role_other',
  userid: 'user_id',
  user: 'user_id',
  apps: 'applications',
  application: 'applications',
}

/** The key a header cell names ("First name" → first_name), or null. */
export function keyOf(header: string): string | null {
  const name = header.trim().replace(/^\uFEFF/, '').replace(/^"|"$/g, '').trim().toLowerCase()
  const snake = name.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
  if (columns.some((c) => c.key === snake)) return snake
  return aliases[snake] ?? null
}

/** Parses CSV text (RFC 4180: quotes, doubled quotes, commas and line breaks in quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row)
  return rows
}

const field = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)
const toCsv = (rows: string[][]) => rows.map((r) => r.map(field).join(',')).join('\n') + '\n'

const roleByName = new Map(roleKeys.map((k) => [roleKeyLabel[k].toLowerCase(), k as string]))

/**
 * The file as the server reads it, or what is wrong with its first row in words. Files
 * that already use the server's column keys and role keys are sent unchanged.
 */
export function toServerCsv(text: string): { csv: string } | { problem: string } {
  const rows = parseCsv(text)
  if (rows.length === 0 || rows[0].every((c) => c.trim() === '')) {
    return { problem: 'The file is empty. The first row names the columns; each row after it is one person.' }
  }
  const header = rows[0]
  const keys = header.map(keyOf)
  const unknown = header.filter((_, i) => keys[i] === null)
  if (unknown.length) {
    return {
      problem: `The first row names ${unknown.length === 1 ? 'a column' : 'columns'} this import does not know: ${unknown
        .map((u) => `“${u.trim()}”`)
        .join(', ')}. Use the columns listed above.`,
    }
  }
  const missing = columns.filter((c) => c.required && !keys.includes(c.key)).map((c) => c.label)
  if (missing.length) return { problem: `The first row must name every column; missing: ${missing.join(', ')}.` }

  const roleAt = keys.indexOf('role')
  const named = rows.slice(1).some((r) => {
    const role = (r[roleAt] ?? '').trim()
    return roleByName.has(role.toLowerCase()) && roleByName.get(role.toLowerCase()) !== role
  })
  const alreadyKeys = header.every((h, i) => h.trim().replace(/^\uFEFF/, '') === keys[i])
  if (alreadyKeys && !named) return { csv: text }
  const out = [keys as string[], ...rows.slice(1).filter((r) => r.some((c) => c.trim() !== ''))].map((r, n) =>
    n === 0 ? r : r.map((c, i) => (i === roleAt ? (roleByName.get(c.trim().toLowerCase()) ?? c) : c)),
  )
  return { csv: toCsv(out) }
}

/** A file to start from: the columns in words and one example row. */
export function templateCsv(): string {
  return toCsv([columns.map((c) => c.label), columns.map((c) => c.example)])
}
