// A local mail server for the browser journeys: receives what the app sends over SMTP and shows
// it over HTTP (GET /messages → [{ to, raw }]) so tests can read the real message.
// Started by playwright.config.ts as a web server: node e2e/mail-sink.mjs <smtpPort> <httpPort>
import http from "node:http";
import { SMTPServer } from "smtp-server";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8"), at: new Date().toISOString() });
      callback();
    });
  },
});
smtp.listen(smtpPort, "127.0.0.1");

http
  .createServer((req, res) => {
    if (req.url === "/health") return res.end("ok");
    if (req.url === "/messages") {
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify(messages));
    }
    res.statusCode = 404;
    res.end();
  })
  .listen(httpPort, "127.0.0.1");

const stop = () => smtp.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
