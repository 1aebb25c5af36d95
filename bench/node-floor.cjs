// The ceiling for any Node.js client on this machine: the same SMTP dialogue MXray has with
// smtp-sink (EHLO, pipelined MAIL/RCPT/DATA, body and QUIT in one write), hard-coded on a bare
// net.Socket with no parsing beyond line ends, no transcript, no timeouts. Not a product:
// a yardstick for how much of MXray's time is the engine and how much is Node's sockets.
// Prints the seconds it took. Run by send-throughput.mjs.
const net = require('node:net');

const [host, port, count, concurrency] = process.argv.slice(2);
const total = Number(count);
const body =
  'From: bench@mxray.test\r\nTo: sink@example.test\r\nSubject: bench\r\n\r\nhello\r\n.\r\nQUIT\r\n';
let next = 0;
let sent = 0;

function session() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port), noDelay: true });
    let replies = 0;
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (line[3] === '-') continue;
        replies++;
        if (replies === 1) socket.write('EHLO bench.mxray.test\r\n');
        else if (replies === 2)
          socket.write('MAIL FROM:<bench@mxray.test>\r\nRCPT TO:<sink@example.test>\r\nDATA\r\n');
        else if (replies === 5) socket.write(body);
        else if (replies === 7) {
          socket.destroy();
          resolve();
        }
      }
    });
    socket.on('error', reject);
  });
}

const started = process.hrtime.bigint();
const worker = async () => {
  while (next < total) {
    next++;
    await session();
    sent++;
  }
};
Promise.all(Array.from({ length: Number(concurrency) }, worker)).then(() => {
  if (sent !== total) throw new Error(`sent ${sent} of ${total}`);
  console.log(Number(process.hrtime.bigint() - started) / 1e9);
});
