/**
 * Static content for the demo generator: real public destinations (checked
 * against the shipped ip-location-db data so geo enrichment shows countries
 * and organisations), App-IDs, URL categories with the sample report's
 * proportions, and threat signatures.
 *
 * Attacker / malicious addresses and domains deliberately use documentation
 * ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and reserved names
 * (*.example, example.jp, example.co.jp): demo data must not brand a real
 * party as malicious. Threat IDs of the sample's notable events are the
 * sample's; IDs of the background low/informational events are illustrative.
 */

/** Base volumes at scale = 1 (the sample report, December 2021). */
export const BASE_VOLUME = {
  firewall: 27_494_122,
  url: 17_394_838,
  vulnerability: 9_756,
  spyware: 155,
  virus: 328,
  wildfire: 812,
} as const;

/** Share of blocked events per function in the sample (firewall 36.6 %, url 0 %, ...). */
export const BLOCKED_SHARE = {
  vulnerability: 985 / 9_756,
  spyware: 52 / 155,
  virus: 72 / 328,
  wildfire: 170 / 812,
} as const;

/** TRAFFIC start logs per firewall session log (start logs are not sessions). */
export const START_LOG_RATIO = 0.004;

/** Host offsets inside the first internal network, after the sample report (192.0.2.x). */
export const HOSTS = {
  proxy: 214, // the heavy top source (web proxy)
  dnsForwarder: 95,
  topClients: [135, 129, 23, 222, 180, 75, 76, 114],
  snmpManager: 222,
  syslogServer: 251,
  ntpServer: 123,
  internalDns: 253,
  webServer: 109, // Apache Tomcat
  camera: 104, // DCS-2530L
  gh0stTarget: 201,
  mailRecipients: [38, 18],
  urlAlertSources: [25, 30],
  sectigoSource: 185,
  omnatorSource: 33,
  sshServer: 22,
  mailServer: 20,
} as const;

/** Customer's public (NAT) address: documentation space on purpose. */
export const DEFAULT_NAT_ADDRESS = "198.51.100.2";

/** Sample's top destinations were domestic; these are real Japanese addresses (checked: JP + org). */
export const JP_TOP_DESTINATIONS: Array<[ip: string, weight: number]> = [
  ["183.79.219.252", 3_866_289], // Yahoo Japan
  ["147.92.146.230", 852_346], // LINE
  ["52.69.184.123", 698_132], // Amazon (Tokyo)
  ["153.120.1.10", 577_826], // SAKURA Internet
  ["202.232.2.100", 567_625], // IIJ
  ["210.140.92.183", 469_062], // IDC Frontier
  ["133.237.16.126", 438_709], // Rakuten
  ["157.7.107.39", 397_986], // GMO Internet
  ["182.22.59.229", 379_822], // Yahoo Japan Corporation
  ["61.206.127.163", 308_457], // NTT PC Communications
];

export type OrgTag =
  | "google"
  | "microsoft"
  | "amazon"
  | "amazonjp"
  | "akamai"
  | "cloudflare"
  | "fastly"
  | "apple"
  | "meta"
  | "twitter"
  | "yahoojp"
  | "line"
  | "sakura"
  | "iij"
  | "rakuten"
  | "idcf"
  | "dropbox"
  | "github";

/** Well-known real addresses by organisation (all checked against the shipped data). */
export const ORG_IPS: Record<OrgTag, string[]> = {
  google: ["142.250.196.110", "142.250.207.14", "172.217.25.174", "216.58.220.142", "142.251.42.174", "172.217.161.35", "142.250.198.10"],
  microsoft: ["13.107.42.14", "13.107.6.152", "13.107.21.200", "20.190.160.20", "40.126.32.133", "52.96.166.162", "52.113.194.132", "52.109.124.19", "20.44.229.112", "13.89.179.12"],
  amazon: ["13.225.183.76", "54.239.28.85", "13.35.7.49", "13.32.1.1", "99.84.1.1"],
  amazonjp: ["52.219.16.47", "3.114.12.34", "52.68.23.233", "18.176.188.78", "3.112.48.10"],
  akamai: ["23.45.6.7", "23.58.105.30", "184.84.170.73", "23.215.0.136"],
  cloudflare: ["104.16.132.229", "104.18.32.7", "172.64.155.141", "162.159.136.232"],
  fastly: ["151.101.1.69", "151.101.65.140", "151.101.193.164", "199.232.64.193"],
  apple: ["17.253.144.10", "17.57.146.20"],
  meta: ["157.240.11.35", "31.13.82.36"],
  twitter: ["104.244.42.193"],
  yahoojp: ["183.79.219.252", "182.22.59.229", "203.216.225.100"],
  line: ["147.92.146.230"],
  sakura: ["153.120.1.10", "49.212.34.100", "160.16.1.1"],
  iij: ["202.232.2.100", "210.148.1.1"],
  rakuten: ["133.237.16.126"],
  idcf: ["210.140.92.183", "210.129.120.100"],
  dropbox: ["162.125.6.18"],
  github: ["140.82.112.3", "185.199.108.153"],
};

/** Real prefixes whose random hosts form the long tail of destinations (checked: one org each). */
export const TAIL_PREFIXES: Array<[cidr: string, weight: number]> = [
  ["142.250.0.0/15", 14],
  ["172.217.0.0/16", 6],
  ["216.58.192.0/19", 3],
  ["13.107.0.0/16", 8],
  ["52.96.0.0/14", 6],
  ["52.192.0.0/15", 6],
  ["13.112.0.0/14", 5],
  ["54.64.0.0/15", 4],
  ["3.112.0.0/14", 4],
  ["52.84.0.0/15", 5],
  ["23.32.0.0/11", 8],
  ["151.101.0.0/16", 4],
  ["17.0.0.0/8", 3],
  ["104.16.0.0/13", 6],
  ["202.232.0.0/16", 3],
  ["183.79.0.0/16", 4],
  ["147.92.128.0/17", 3],
  ["49.212.0.0/16", 2],
  ["210.140.0.0/16", 2],
  ["133.237.0.0/16", 2],
];

export const DNS_RESOLVERS: Array<[string, number]> = [
  ["8.8.8.8", 50],
  ["8.8.4.4", 20],
  ["1.1.1.1", 15],
  ["1.0.0.1", 5],
  ["9.9.9.9", 5],
  ["208.67.222.222", 5],
];

export const NTP_SERVERS: Array<[string, number]> = [
  ["133.243.238.163", 30],
  ["133.243.238.164", 30],
  ["133.243.238.243", 10],
  ["133.243.238.244", 10],
  ["216.239.35.0", 8],
  ["216.239.35.4", 6],
  ["162.159.200.1", 3],
  ["162.159.200.123", 3],
];

export const GCM_SERVERS = ["142.250.157.188", "74.125.204.188", "172.217.194.188", "142.251.8.188", "64.233.189.188", "108.177.97.188"];
export const TEREDO_SERVERS = ["13.107.4.52", "20.42.65.92"];
/** Real providers' outbound mail relays (senders of inbound mail). */
export const MAIL_SENDERS = ["209.85.220.41", "40.107.1.1", "52.100.1.1"];

export const IPV6_DESTINATIONS: Array<[string, number]> = [
  ["2404:6800:4004:81f::200e", 40], // Google
  ["2606:4700::6810:84e5", 20], // Cloudflare
  ["2600:1406:3a00:21::173e:2e65", 15], // Akamai
  ["2603:1046:c09::2", 15], // Microsoft
  ["2a03:2880:f12f:83:face:b00c:0:25de", 10], // Meta
];

/** Outbound application mix for allowed 443/tcp. */
export const WEB_APPS: Array<[string, number]> = [
  ["ssl", 45],
  ["web-browsing", 8],
  ["google-base", 10],
  ["ms-office365-base", 8],
  ["windows-azure-base", 5],
  ["outlook-web-online", 4],
  ["sharepoint-online", 3],
  ["youtube-base", 3],
  ["zoom-base", 3],
  ["line-base", 3],
  ["slack-base", 2],
  ["facebook-base", 2],
  ["icloud-base", 2],
  ["google-docs-base", 2],
];

/** Allowed outbound on other ports: [port, protocol, app, weight]; flat weights so that none enters the top-10 ports. */
export const MISC_ALLOWED_PORTS: Array<[number, "tcp" | "udp", string, number]> = [
  [993, "tcp", "imap", 1],
  [995, "tcp", "pop3", 1],
  [587, "tcp", "smtp-base", 1],
  [465, "tcp", "smtp-base", 1],
  [22, "tcp", "ssh", 1],
  [8080, "tcp", "web-browsing", 1],
  [8443, "tcp", "ssl", 1],
  [3478, "udp", "stun", 1],
  [3479, "udp", "ms-teams-audio-video", 1],
  [3480, "udp", "ms-teams-audio-video", 1],
  [19302, "udp", "stun", 1],
  [5223, "tcp", "apple-push-notifications", 1],
  [1935, "tcp", "rtmp", 1],
  [5938, "tcp", "teamviewer-base", 1],
  [4500, "udp", "ipsec-esp-udp", 1],
  [500, "udp", "ike", 1],
  [143, "tcp", "imap", 1],
  [110, "tcp", "pop3", 1],
  [21, "tcp", "ftp", 1],
  [8801, "udp", "zoom-base", 1],
  [8000, "tcp", "web-browsing", 1],
  [9000, "tcp", "web-browsing", 1],
  [5222, "tcp", "jabber", 1],
  [7275, "tcp", "unknown-tcp", 1],
  [2083, "tcp", "ssl", 1],
  [8883, "tcp", "mqtt", 1],
  [1883, "tcp", "mqtt", 1],
  [6443, "tcp", "ssl", 1],
  [10443, "tcp", "ssl", 1],
  [2195, "tcp", "apple-push-notifications", 1],
];

/** Blocked outbound on other ports: [port, protocol, app, weight]. */
export const MISC_BLOCKED_PORTS: Array<[number, "tcp" | "udp", string, number]> = [
  [443, "udp", "quic", 1],
  [853, "tcp", "dns-over-tls", 1],
  [1194, "udp", "openvpn", 1],
  [6881, "tcp", "bittorrent", 1],
  [1723, "tcp", "pptp", 1],
  [5060, "udp", "sip", 1],
  [137, "udp", "netbios-ns", 1],
  [138, "udp", "netbios-dg", 1],
  [1900, "udp", "ssdp", 1],
  [6667, "tcp", "irc-base", 1],
  [9001, "tcp", "tor", 1],
  [3389, "tcp", "ms-rdp", 1],
  [23, "tcp", "telnet", 1],
  [25, "tcp", "smtp-base", 1],
  [1433, "tcp", "mssql-db", 1],
  [5353, "udp", "mdns", 1],
  [11211, "udp", "not-applicable", 1],
  [4444, "tcp", "not-applicable", 1],
];

/** Ports that internet scanners favour (kept small so that none enters the top-10 ports). */
export const SCAN_FAVOURITE_PORTS: Array<[number, "tcp" | "udp"]> = [
  [22, "tcp"],
  [23, "tcp"],
  [3389, "tcp"],
  [8080, "tcp"],
  [1433, "tcp"],
  [3306, "tcp"],
  [5900, "tcp"],
  [25, "tcp"],
  [8443, "tcp"],
  [21, "tcp"],
  [6379, "tcp"],
  [9200, "tcp"],
  [1900, "udp"],
  [5060, "udp"],
];

export interface UrlHost {
  host: string;
  org: OrgTag;
  paths: string[];
}

/** URL categories: sample 2.2.4 top 10 with their counts, then a tail (each below "news"). */
export const URL_CATEGORIES: Array<{ name: string; weight: number; risk: string; hosts: UrlHost[] }> = [
  {
    name: "computer-and-internet-info",
    weight: 3_914_275,
    risk: "low-risk",
    hosts: [
      { host: "www.microsoft.com", org: "akamai", paths: ["/", "/ja-jp/", "/ja-jp/windows", "/en-us/download"] },
      { host: "ctldl.windowsupdate.com", org: "akamai", paths: ["/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab?2f1b2c3d4e5f6a7b", "/msdownload/update/v3/static/trustedr/en/authrootstl.cab"] },
      { host: "ocsp.digicert.com", org: "akamai", paths: ["/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ", "/"] },
      { host: "update.googleapis.com", org: "google", paths: ["/service/update2/json", "/"] },
      { host: "clients2.google.com", org: "google", paths: ["/time/1/current?cup2key=6:12345&cup2hreq=abcdef", "/"] },
      { host: "www.msftconnecttest.com", org: "akamai", paths: ["/connecttest.txt"] },
      { host: "github.com", org: "github", paths: ["/", "/login", "/notifications"] },
      { host: "settings-win.data.microsoft.com", org: "microsoft", paths: ["/settings/v2.0/telemetry/ASM?os=windows", "/"] },
      { host: "api.github.com", org: "github", paths: ["/repos", "/"] },
      { host: "aws.amazon.com", org: "amazon", paths: ["/jp/", "/"] },
    ],
  },
  {
    name: "web-based-email",
    weight: 2_538_375,
    risk: "low-risk",
    hosts: [
      { host: "outlook.office365.com", org: "microsoft", paths: ["/", "/mail/", "/owa/"] },
      { host: "outlook.office.com", org: "microsoft", paths: ["/mail/inbox", "/"] },
      { host: "mail.google.com", org: "google", paths: ["/mail/u/0/", "/sync/u/0/i/s?hl=ja"] },
      { host: "mail.yahoo.co.jp", org: "yahoojp", paths: ["/", "/u/pc/f/folder/1"] },
    ],
  },
  {
    name: "search-engines",
    weight: 2_398_835,
    risk: "low-risk",
    hosts: [
      { host: "www.google.com", org: "google", paths: ["/", "/search?q=%E5%A4%A9%E6%B0%97&hl=ja", "/complete/search?q=excel&client=chrome", "/gen_204"] },
      { host: "www.google.co.jp", org: "google", paths: ["/", "/search?q=%E4%BC%9A%E8%AD%B0%E5%AE%A4&hl=ja"] },
      { host: "www.bing.com", org: "microsoft", paths: ["/", "/search?q=teams&form=QBLH", "/th?id=OHR.Sample_JA-JP"] },
      { host: "search.yahoo.co.jp", org: "yahoojp", paths: ["/search?p=%E4%BA%A4%E9%80%9A", "/"] },
    ],
  },
  {
    name: "business-and-economy",
    weight: 2_222_634,
    risk: "low-risk",
    hosts: [
      { host: "www.salesforce.com", org: "akamai", paths: ["/jp/", "/"] },
      { host: "www.nikkei.com", org: "akamai", paths: ["/", "/news/category/", "/markets/"] },
      { host: "zoom.us", org: "amazon", paths: ["/", "/j/", "/signin"] },
      { host: "www.linkedin.com", org: "akamai", paths: ["/feed/", "/"] },
      { host: "www.rakuten.co.jp", org: "rakuten", paths: ["/", "/category/"] },
    ],
  },
  {
    name: "content-delivery-networks",
    weight: 1_792_356,
    risk: "low-risk",
    hosts: [
      { host: "fonts.gstatic.com", org: "google", paths: ["/s/notosansjp/v40/-F6jfjtqLzI2JPCgQBnw7HFyzSD-AsregP8VFBEj75s.woff2", "/"] },
      { host: "ajax.googleapis.com", org: "google", paths: ["/ajax/libs/jquery/3.6.0/jquery.min.js"] },
      { host: "cdn.jsdelivr.net", org: "fastly", paths: ["/npm/bootstrap@5.1.3/dist/css/bootstrap.min.css", "/"] },
      { host: "cdnjs.cloudflare.com", org: "cloudflare", paths: ["/ajax/libs/font-awesome/6.0.0/css/all.min.css"] },
      { host: "d1.awsstatic.com", org: "amazon", paths: ["/logos/aws-logo-lockups/poweredbyaws/PB_AWS_logo_RGB_stacked_REV_SQ.91cd4af40773cbfbd15577a3c2b8a346fe3e8fa2.png"] },
      { host: "static.akamaized.net", org: "akamai", paths: ["/assets/app.js", "/"] },
    ],
  },
  {
    name: "internet-portals",
    weight: 1_683_385,
    risk: "low-risk",
    hosts: [
      { host: "www.yahoo.co.jp", org: "yahoojp", paths: ["/", "/weather/"] },
      { host: "news.yahoo.co.jp", org: "yahoojp", paths: ["/", "/topics/top-picks", "/categories/business"] },
      { host: "www.msn.com", org: "akamai", paths: ["/ja-jp", "/ja-jp/news"] },
      { host: "www.goo.ne.jp", org: "iij", paths: ["/"] },
    ],
  },
  {
    name: "web-advertisements",
    weight: 1_318_754,
    risk: "medium-risk",
    hosts: [
      { host: "securepubads.g.doubleclick.net", org: "google", paths: ["/gampad/ads?iu=%2F1234%2Ftop&sz=300x250", "/tag/js/gpt.js"] },
      { host: "pagead2.googlesyndication.com", org: "google", paths: ["/pagead/js/adsbygoogle.js", "/getconfig/sodar?sv=200&tid=gda"] },
      { host: "s.yimg.jp", org: "yahoojp", paths: ["/images/advertising/common/js/iicon.min.js"] },
      { host: "bat.bing.com", org: "microsoft", paths: ["/bat.js", "/action/0?ti=12345"] },
    ],
  },
  {
    name: "social-networking",
    weight: 252_019,
    risk: "low-risk",
    hosts: [
      { host: "twitter.com", org: "twitter", paths: ["/", "/home"] },
      { host: "www.facebook.com", org: "meta", paths: ["/", "/login/"] },
      { host: "www.instagram.com", org: "meta", paths: ["/"] },
      { host: "line.me", org: "line", paths: ["/ja/", "/R/"] },
    ],
  },
  {
    name: "government",
    weight: 242_345,
    risk: "low-risk",
    hosts: [
      { host: "www.e-gov.go.jp", org: "akamai", paths: ["/", "/law/"] },
      { host: "www.mhlw.go.jp", org: "akamai", paths: ["/stf/seisakunitsuite/bunya/0000164708_00001.html", "/"] },
      { host: "www.nta.go.jp", org: "akamai", paths: ["/", "/taxes/shiraberu/"] },
      { host: "www.digital.go.jp", org: "amazon", paths: ["/"] },
    ],
  },
  {
    name: "news",
    weight: 174_936,
    risk: "low-risk",
    hosts: [
      { host: "www3.nhk.or.jp", org: "akamai", paths: ["/news/", "/news/catnew.html"] },
      { host: "www.asahi.com", org: "akamai", paths: ["/", "/articles/"] },
      { host: "mainichi.jp", org: "fastly", paths: ["/", "/articles/"] },
      { host: "www.itmedia.co.jp", org: "akamai", paths: ["/news/", "/"] },
    ],
  },
  { name: "online-storage-and-backup", weight: 160_000, risk: "low-risk", hosts: [{ host: "www.dropbox.com", org: "dropbox", paths: ["/", "/home"] }, { host: "onedrive.live.com", org: "microsoft", paths: ["/"] }] },
  { name: "shopping", weight: 120_000, risk: "low-risk", hosts: [{ host: "www.amazon.co.jp", org: "amazon", paths: ["/", "/gp/cart/view.html"] }, { host: "item.rakuten.co.jp", org: "rakuten", paths: ["/"] }] },
  { name: "streaming-media", weight: 110_000, risk: "low-risk", hosts: [{ host: "www.youtube.com", org: "google", paths: ["/", "/watch?v=dQw4w9WgXcQ"] }, { host: "rr4---sn-ogueln7k.googlevideo.com", org: "google", paths: ["/videoplayback?expire=1638400000"] }] },
  { name: "reference-and-research", weight: 90_000, risk: "low-risk", hosts: [{ host: "ja.wikipedia.org", org: "fastly", paths: ["/wiki/%E3%83%A1%E3%82%A4%E3%83%B3%E3%83%9A%E3%83%BC%E3%82%B8"] }, { host: "weblio.jp", org: "akamai", paths: ["/"] }] },
  { name: "educational-institutions", weight: 70_000, risk: "low-risk", hosts: [{ host: "www.u-tokyo.ac.jp", org: "sakura", paths: ["/ja/"] }] },
  { name: "financial-services", weight: 60_000, risk: "low-risk", hosts: [{ host: "www.smbc.co.jp", org: "akamai", paths: ["/"] }, { host: "direct.bk.mufg.jp", org: "akamai", paths: ["/"] }] },
  { name: "travel", weight: 50_000, risk: "low-risk", hosts: [{ host: "www.jalan.net", org: "akamai", paths: ["/"] }, { host: "www.jal.co.jp", org: "akamai", paths: ["/ja/"] }] },
  { name: "entertainment-and-arts", weight: 45_000, risk: "low-risk", hosts: [{ host: "www.oricon.co.jp", org: "idcf", paths: ["/"] }] },
  { name: "health-and-medicine", weight: 30_000, risk: "low-risk", hosts: [{ host: "www.kenko.example.jp", org: "sakura", paths: ["/"] }] },
  { name: "personal-sites-and-blogs", weight: 25_000, risk: "low-risk", hosts: [{ host: "note.com", org: "cloudflare", paths: ["/", "/hashtag/"] }, { host: "ameblo.jp", org: "akamai", paths: ["/"] }] },
  { name: "games", weight: 20_000, risk: "low-risk", hosts: [{ host: "store.steampowered.com", org: "akamai", paths: ["/"] }] },
  { name: "job-search", weight: 15_000, risk: "low-risk", hosts: [{ host: "doda.jp", org: "akamai", paths: ["/"] }] },
  { name: "unknown", weight: 15_000, risk: "medium-risk", hosts: [{ host: "telemetry.vendor.example", org: "amazon", paths: ["/v1/collect"] }] },
  { name: "sports", weight: 12_000, risk: "low-risk", hosts: [{ host: "www.jleague.jp", org: "akamai", paths: ["/"] }] },
  { name: "real-estate", weight: 10_000, risk: "low-risk", hosts: [{ host: "suumo.jp", org: "akamai", paths: ["/"] }] },
  { name: "society", weight: 10_000, risk: "low-risk", hosts: [{ host: "www.jrc.or.jp", org: "sakura", paths: ["/"] }] },
  { name: "insufficient-content", weight: 8_000, risk: "medium-risk", hosts: [{ host: "cdn-probe.example.net", org: "cloudflare", paths: ["/"] }] },
];

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36 Edg/96.0.1054.62",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:95.0) Gecko/20100101 Firefox/95.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 15_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Safari/605.1.15",
  "Microsoft-CryptoAPI/10.0",
  "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.33",
  "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.14701; Pro)",
];

export const CONTENT_TYPES = ["text/html", "application/json", "application/javascript", "image/png", "image/jpeg", "text/css", "application/octet-stream", "font/woff2"];

export type Severity = "informational" | "low" | "medium" | "high" | "critical";

/** Background threat signatures (scaled with the month). IDs are illustrative except where noted. */
export interface ThreatSig {
  name: string;
  id: number;
  severity: Severity;
  category: string;
  weight: number;
  /** inbound: internet -> internal server; outbound: internal client -> internet */
  flow: "inbound" | "outbound" | "mail";
  port: number;
  proto: "tcp" | "udp";
  app: string;
  /** blocked action used for the blocked share */
  blockAction: string;
  misc: string[];
}

export const VULNERABILITY_SIGS: ThreatSig[] = [
  { name: "HTTP OPTIONS Method", id: 30520, severity: "informational", category: "info-leak", weight: 30, flow: "inbound", port: 80, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["/", "/index.html", "*"] },
  { name: "SSH2 Login Attempt", id: 31914, severity: "informational", category: "brute-force", weight: 18, flow: "inbound", port: 22, proto: "tcp", app: "ssh", blockAction: "reset-both", misc: [""] },
  { name: "Microsoft Windows NTLMSSP Detection", id: 92322, severity: "informational", category: "info-leak", weight: 12, flow: "outbound", port: 443, proto: "tcp", app: "ssl", blockAction: "reset-both", misc: [""] },
  { name: "ZGrab Application Layer Scanner Detection", id: 57955, severity: "informational", category: "info-leak", weight: 10, flow: "inbound", port: 443, proto: "tcp", app: "ssl", blockAction: "reset-both", misc: ["/"] },
  { name: "Suspicious or malformed HTTP Referer field", id: 35554, severity: "informational", category: "protocol-anomaly", weight: 10, flow: "outbound", port: 80, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["www.example.com/"] },
  { name: "HTTP Unauthorized Error", id: 34556, severity: "informational", category: "info-leak", weight: 6, flow: "inbound", port: 8080, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["/manager/html"] },
  { name: "Non-RFC Compliant DNS Traffic on Port 53", id: 56199, severity: "low", category: "protocol-anomaly", weight: 6, flow: "outbound", port: 53, proto: "udp", app: "dns-base", blockAction: "drop", misc: [""] },
  { name: "SIP Scanner Detection", id: 57954, severity: "low", category: "info-leak", weight: 4, flow: "inbound", port: 5060, proto: "udp", app: "sip", blockAction: "drop", misc: [""] },
  { name: "HTTP /.git/ Directory Access Attempt", id: 57421, severity: "low", category: "info-leak", weight: 4, flow: "inbound", port: 80, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["/.git/config", "/.git/HEAD"] },
];

export const SPYWARE_SIGS: ThreatSig[] = [
  { name: "Suspicious DNS Query (generic:ad-metrics.example)", id: 409_182_771, severity: "low", category: "dns-grayware", weight: 40, flow: "outbound", port: 53, proto: "udp", app: "dns-base", blockAction: "sinkhole", misc: ["ad-metrics.example"] },
  { name: "generic:cdn-tracking.example.net", id: 411_004_215, severity: "low", category: "dns-grayware", weight: 25, flow: "outbound", port: 53, proto: "udp", app: "dns-base", blockAction: "sinkhole", misc: ["cdn-tracking.example.net"] },
  { name: "Suspicious DNS Query (generic:parked-domain.example)", id: 402_330_118, severity: "informational", category: "dns-parked", weight: 20, flow: "outbound", port: 53, proto: "udp", app: "dns-base", blockAction: "drop", misc: ["parked-domain.example"] },
  { name: "Suspicious User-Agent Strings", id: 13_350, severity: "informational", category: "spyware", weight: 15, flow: "outbound", port: 80, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["update.vendor.example/check"] },
];

export const VIRUS_SIGS: ThreatSig[] = [
  { name: "Virus/Win32.WGeneric.dnquo", id: 553_261_487, severity: "low", category: "file-virus", weight: 30, flow: "mail", port: 25, proto: "tcp", app: "smtp-base", blockAction: "reset-both", misc: ["invoice_202112.xlsm", "document.zip"] },
  { name: "Trojan-Downloader/JS.Agent.gen", id: 541_887_102, severity: "low", category: "script-av", weight: 20, flow: "outbound", port: 80, proto: "tcp", app: "web-browsing", blockAction: "reset-both", misc: ["ads.example.net/js/loader.js"] },
  { name: "Virus/Win32.WGeneric.bzxrt", id: 548_610_229, severity: "informational", category: "file-virus", weight: 25, flow: "mail", port: 110, proto: "tcp", app: "pop3", blockAction: "reset-both", misc: ["scan_0012.pdf.exe", "order.zip"] },
  { name: "Worm/Win32.autorun.crx", id: 520_713_944, severity: "low", category: "file-virus", weight: 10, flow: "outbound", port: 443, proto: "tcp", app: "ssl", blockAction: "reset-both", misc: ["setup.exe"] },
];

/** WildFire file-type signatures (the verdict goes to field 33). 52143 / 52020 as in PAN-OS; others illustrative. */
export const WILDFIRE_FILES: Array<{ name: string; id: number; fileType: string; weight: number; flow: "mail" | "outbound"; files: string[] }> = [
  { name: "Email Link", id: 52143, fileType: "email-link", weight: 35, flow: "mail", files: ["https://docs.example.com/share/abc", "https://meeting.example.net/j/123"] },
  { name: "Windows Executable (EXE)", id: 52020, fileType: "pe", weight: 15, flow: "outbound", files: ["setup.exe", "ChromeSetup.exe", "Teams_windows_x64.exe"] },
  { name: "Adobe PDF Document", id: 52010, fileType: "pdf", weight: 25, flow: "mail", files: ["請求書.pdf", "quotation.pdf", "minutes.pdf"] },
  { name: "Microsoft Office Open XML Document", id: 52060, fileType: "ms-office", weight: 20, flow: "mail", files: ["report.docx", "budget.xlsx"] },
  { name: "ZIP Archive", id: 52180, fileType: "zip", weight: 5, flow: "outbound", files: ["archive.zip"] },
];

/** Malformed-line kinds, emitted round-robin. */
export const MALFORMED_KINDS = ["truncated", "garbage", "control-chars", "bad-timestamp", "unterminated-quote", "header-only"] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];
