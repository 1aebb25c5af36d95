// nodemailer's SMTP transport without a pool: a new connection per message, C at once.
// Prints the seconds it took. Run by send-throughput.mjs.
const nodemailer = require('nodemailer');

const [host, port, count, concurrency] = process.argv.slice(2);
const transport = nodemailer.createTransport({
  host,
  port: Number(port),
  secure: false,
  ignoreTLS: true,
  name: 'bench.mxray.test',
});
const total = Number(count);
let next = 0;
let sent = 0;
const started = process.hrtime.bigint();
const worker = async () => {
  while (next < total) {
    next++;
    await transport.sendMail({
      from: 'bench@mxray.test',
      to: 'sink@example.test',
      subject: 'bench',
      text: 'hello',
    });
    sent++;
  }
};
Promise.all(Array.from({ length: Number(concurrency) }, worker)).then(() => {
  if (sent !== total) throw new Error(`nodemailer sent ${sent} of ${total}`);
  console.log(Number(process.hrtime.bigint() - started) / 1e9);
});
