// Times and indicators as the SOC writes them: customer-local "YYYY-MM-DD HH:MM(:SS)", and
// URLs/domains defanged ("example[.]jp") so a report or e-mail never carries a live link.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2021-12-04 09:43:05" in the zone. */
export function localDateTime(at: Date, timeZone: string, opts: { seconds?: boolean } = {}): string {
  const s = formatter(timeZone).format(at).replace("T", " ");
  return opts.seconds === false ? s.slice(0, 16) : s;
}

/** "2021-12-04" in the zone. */
export function localDate(at: Date, timeZone: string): string {
  return localDateTime(at, timeZone).slice(0, 10);
}

/** example.co.jp/path → example[.]co[.]jp/path; hxxp for schemes. */
export function defang(value: string): string {
  return value.replace(/^http/i, "hxxp").replace(/\./g, "[.]");
}
