// Just enough MIME to read back what lib/mail/mailer sends (tests, the e2e mail sink):
// RFC 2047 encoded-word headers and a single text part in base64 or quoted-printable.

export interface ReadMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, charset: string, enc: string, data: string) => {
    const bytes = enc.toUpperCase() === "B" ? Buffer.from(data, "base64") : qp(data.replace(/_/g, " "));
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  });
}

function qp(s: string): Buffer {
  const out: number[] = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(text[i]!, "utf8"));
  }
  return Buffer.from(out);
}

export function parseMail(raw: string): ReadMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const cte = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text = cte === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : cte === "quoted-printable" ? qp(body).toString("utf8") : body;
  return { from: decodeWords(headers.from ?? ""), to: decodeWords(headers.to ?? ""), subject: decodeWords(headers.subject ?? ""), text, headers };
}
