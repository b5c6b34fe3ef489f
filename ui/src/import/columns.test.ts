import { describe, expect, it } from 'vitest'
import { keyOf, parseCsv, templateCsv, toServerCsv } from './columns'

describe('the import file’s columns in words', () => {
  it('knows each column by the words people use', () => {
    expect(['First name', 'Last Name', 'E-mail', 'Business phone', 'Role', 'Role if other', 'User ID', 'Applications'].map(keyOf)).toEqual([
      'first_name', 'last_name', 'email', 'business_phone', 'role', 'role_other', 'user_id', 'applications',
    ])
    expect(keyOf('first_name')).toBe('first_name')
    expect(keyOf('Favourite colour')).toBeNull()
  })

  it('turns a file in words into the server’s columns and role keys', () => {
    const file = 'First name,Last name,Email,Business phone,Role,User ID,Applications\r\nSara,Lopez,sara@x.example,"(312) 555-0140",Finance manager,slopez,SmartCash;IntelliRater\r\n'
    expect(toServerCsv(file)).toEqual({
      csv: 'first_name,last_name,email,business_phone,role,user_id,applications\nSara,Lopez,sara@x.example,(312) 555-0140,finance_manager,slopez,SmartCash;IntelliRater\n',
    })
  })

  it('sends a file already in the server’s form unchanged', () => {
    const file = 'first_name,last_name,email,business_phone,role,user_id,applications\nSara,Lopez,s@x.example,1,salesperson,slopez,smartcash'
    expect(toServerCsv(file)).toEqual({ csv: file })
  })

  it('says in words what is wrong with the first row', () => {
    expect(toServerCsv('name,mail\nA,b@c.de\n')).toEqual({
      problem: 'The first row names columns this import does not know: “name”, “mail”. Use the columns listed above.',
    })
    expect(toServerCsv('First name,Email\nA,b@c.de\n')).toEqual({
      problem: 'The first row must name every column; missing: Last name, Business phone, Role, User ID, Applications.',
    })
  })

  it('reads quotes, doubled quotes and commas inside quotes', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\n')).toEqual([['a', 'b, c', 'say "hi"']])
  })

  it('offers a template whose columns it reads back', () => {
    const [header] = parseCsv(templateCsv())
    expect(header.map(keyOf)).toEqual(['first_name', 'last_name', 'email', 'business_phone', 'role', 'role_other', 'user_id', 'applications'])
  })
})
