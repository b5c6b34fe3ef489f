// A minimal SMTP server on loopback for the journeys: it accepts what the app's built-in
// portal sends (EHLO, MAIL, RCPT, DATA, QUIT; no TLS, which the app allows only to a relay
// on this computer) and keeps each message, so a journey reads the mail a person would.
import { createServer } from 'node:net'

/** Start the server on a free loopback port: `{ port, messages, next(to), close() }`. */
export async function startSmtp() {
  const messages = []
  const waiters = []
  const server = createServer((socket) => {
    socket.setEncoding('utf8')
    let buffer = ''
    let data = null
    let to = []
    const reply = (line) => socket.write(`${line}\r\n`)
    reply('220 journeys.test ESMTP')
    socket.on('data', (chunk) => {
      buffer += chunk
      let at
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at)
        buffer = buffer.slice(at + 2)
        if (data !== null) {
          if (line === '.') {
            const message = { to, raw: data.join('\n') }
            messages.push(message)
            waiters.splice(0).forEach((wake) => wake())
            data = null
            to = []
            reply('250 queued')
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line)
          }
          continue
        }
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') reply('250 journeys.test')
        else if (verb === 'MAIL') reply('250 ok')
        else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? line)
          reply('250 ok')
        } else if (verb === 'DATA') {
          data = []
          reply('354 go ahead')
        } else if (verb === 'QUIT') {
          reply('221 bye')
          socket.end()
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok')
        else reply('502 not implemented')
      }
    })
    socket.on('error', () => {})
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    messages,
    /** The first message to `address` (whose text `pattern` matches), waiting up to `timeout` ms for it. */
    async next(address, timeout = 30000, pattern = /(?:)/) {
      const deadline = Date.now() + timeout
      for (;;) {
        const found = messages.find((m) => m.to.includes(address) && pattern.test(m.raw))
        if (found) return found
        if (Date.now() > deadline) throw new Error(`no mail to ${address}; got ${messages.map((m) => m.to).join(', ')}`)
        await new Promise((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 500)
        })
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
