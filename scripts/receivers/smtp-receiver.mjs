// A mail server for the tests, run as its own process: the smtp-server
// package accepts every message over real SMTP (with or without AUTH) and
// mailparser reads it; tests read what arrived from GET /_mails.
//
//   node scripts/receivers/smtp-receiver.mjs   → prints {"smtp":N,"http":M} once listening
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const mails = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, done) {
    simpleParser(stream)
      .then((m) => {
        mails.push({
          from: session.envelope.mailFrom?.address ?? null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: m.subject ?? "",
          text: m.text ?? "",
          at: Date.now(),
        });
        done();
      })
      .catch(done);
  },
});
const http = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(mails));
});

smtp.listen(0, "127.0.0.1", () => {
  http.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${JSON.stringify({ smtp: smtp.server.address().port, http: http.address().port })}\n`);
  });
});
process.on("SIGTERM", () => smtp.close(() => process.exit(0)));
