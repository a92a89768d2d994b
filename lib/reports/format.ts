// Report wording helpers on top of lib/format/numbers: approximate counts as the sample writes
// them in prose (約 187 万件, 約 1,300 万件), Japanese dates, port names.

export { formatCount, formatPercent, formatPt, formatRatio } from "@/lib/format/numbers";

/** "約 187 万" / "約 1,300 万" / "約 1.2 億" for prose; exact with separators below 10,000 ("2,769"). */
export function approxJa(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  const sig3 = (x: number) => {
    const digits = Math.floor(Math.log10(x)) + 1;
    const f = 10 ** Math.max(0, digits - 3);
    return Math.round(x / f) * f;
  };
  if (n >= 100_000_000) return `約 ${(Math.round(n / 10_000_000) / 10).toLocaleString("en-US")} 億`;
  return `約 ${sig3(n / 10_000).toLocaleString("en-US", { maximumFractionDigits: 0 })} 万`;
}

/** "2022-01-10" → "2022年1月10日" (the cover's 作成日). */
export function jaDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** "2021-12-04" → "12 月 4 日" (as the sample's prose writes days). */
export function jaMonthDay(isoDate: string): string {
  const [, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  return `${m} 月 ${d} 日`;
}

/** "2021-12-04 09:43:05" → "12 月 4 日 9 時 43 分" (the sample's 検知日時 of 1.2.1). */
export function jaDateTime(local: string): string {
  const [date, time = "00:00"] = local.split(" ");
  const [h, min] = time.split(":").map(Number);
  return `${jaMonthDay(date!)} ${h} 時 ${min} 分`;
}

const SERVICES: Record<number, string> = {
  20: "FTP-DATA", 21: "FTP", 22: "SSH", 23: "Telnet", 25: "SMTP", 53: "DNS", 67: "DHCP", 80: "HTTP", 110: "POP3", 123: "NTP",
  137: "NetBIOS", 138: "NetBIOS", 139: "NetBIOS", 143: "IMAP", 161: "SNMP", 162: "SNMPTRAP", 389: "LDAP", 443: "HTTPS", 445: "SMB",
  465: "SMTPS", 514: "Syslog", 587: "SMTP", 636: "LDAPS", 993: "IMAPS", 995: "POP3S", 1433: "MSSQL", 1521: "Oracle", 3306: "MySQL",
  3389: "RDP", 3544: "Teredo", 5060: "SIP", 5228: "Google Play", 5432: "PostgreSQL", 8080: "HTTP", 8443: "HTTPS",
};

/** "443/TCP 及び UDP の HTTPS 通信" / "5228/TCP の通信" */
export function portPhrase(p: { port: number; protocols: string[] }): string {
  const protos = p.protocols.length ? p.protocols.join(" 及び ") : "";
  const svc = SERVICES[p.port];
  return `${p.port}${protos ? `/${protos}` : ""} の${svc ? ` ${svc} ` : ""}通信`;
}
