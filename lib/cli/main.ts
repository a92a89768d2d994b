import { Command, Option } from "commander";
import { CLI_ACTOR } from "@/lib/auth/types";
import { releaseDatabase, useDatabase } from "./database";
import { CliError, failWith, log, printJson, readPassword } from "./output";

const program = new Command();
program.name("soc").description("Mamori: SOC customer portal. Results on stdout, logs on stderr.").showHelpAfterError();

/** Runs a command body with the database ready, then releases it; bad input exits 1 with one line. */
function run<A extends unknown[]>(body: (...args: A) => Promise<void>, opts: { migrate?: boolean } = {}) {
  return async (...args: A) => {
    try {
      await useDatabase(opts);
      await body(...args);
      await releaseDatabase();
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  };
}

const db = program.command("db").description("database administration");
db.command("migrate")
  .description("apply SQL migrations from prisma/migrations (recorded in _prisma_migrations)")
  .action(run(async () => {}, { migrate: true }));

db.command("start")
  .description("run the database in the foreground (embedded when DATABASE_URL is unset) and print its URL; Ctrl-C stops it")
  .action(async () => {
    try {
      const url = await useDatabase({ migrate: true });
      printJson({ databaseUrl: url });
      const stop = async () => {
        await releaseDatabase();
        process.exit(0);
      };
      process.on("SIGINT", () => void stop());
      process.on("SIGTERM", () => void stop());
      await new Promise(() => {});
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  });

db.command("backup")
  .description("dump the database to FILE (pg_dump custom format; needs pg_dump of the server's major version)")
  .argument("<file>", "dump file to write")
  .action(
    run(async (file: string) => {
      const { backupDatabase } = await import("@/lib/db/backup");
      printJson(await backupDatabase(process.env.DATABASE_URL!, file));
    }),
  );

db.command("restore")
  .description("restore FILE (made by `soc db backup`) into the database, replacing what is there")
  .argument("<file>", "dump file to read")
  .action(
    run(async (file: string) => {
      const { restoreDatabase } = await import("@/lib/db/backup");
      printJson(await restoreDatabase(process.env.DATABASE_URL!, file));
    }),
  );

const customer = program.command("customer").description("customers (tenants)");
customer
  .command("add")
  .requiredOption("--slug <slug>", "URL name, e.g. sample")
  .requiredOption("--name <name>", "display name, e.g. 株式会社サンプル")
  .option("--code <digits>", "customer code used in notification numbers (default: next free)")
  .option("--timezone <tz>", "IANA time zone", "Asia/Tokyo")
  .option("--internal <cidrs>", "internal networks, comma-separated CIDRs", "")
  .option("--contacts <emails>", "contact e-mail addresses, comma-separated", "")
  .action(
    run(async (o: { slug: string; name: string; code?: string; timezone: string; internal: string; contacts: string }) => {
      const { createCustomer } = await import("@/lib/customers/customers");
      const c = await createCustomer(
        { slug: o.slug, name: o.name, code: o.code, timezone: o.timezone, internalNetworks: o.internal, contactEmails: o.contacts },
        CLI_ACTOR,
      );
      printJson(c);
    }),
  );
customer.command("list").action(
  run(async () => {
    const { listCustomers } = await import("@/lib/customers/customers");
    printJson(await listCustomers());
  }),
);

const device = program.command("device").description("firewalls of a customer");
device
  .command("add")
  .requiredOption("--customer <slug>", "customer slug")
  .requiredOption("--hostname <name>")
  .requiredOption("--serial <serial>")
  .requiredOption("--model <model>", "e.g. PA-3220")
  .requiredOption("--ip <ip>")
  .option("--timezone <tz>", "device time zone (PAN-OS logs carry local time)", "Asia/Tokyo")
  .option("--vendor <vendor>", "vendor", "PaloAltoNetworks")
  .option("--function <fn>", "function", "UTM")
  .action(
    run(async (o: { customer: string; hostname: string; serial: string; model: string; ip: string; timezone: string; vendor: string; function: string }) => {
      const { createDevice } = await import("@/lib/devices/devices");
      printJson(
        await createDevice(
          { customerSlug: o.customer, hostname: o.hostname, serial: o.serial, model: o.model, ip: o.ip, timezone: o.timezone, vendor: o.vendor, function: o.function },
          CLI_ACTOR,
        ),
      );
    }),
  );
device
  .command("list")
  .option("--customer <slug>", "only this customer's devices")
  .action(
    run(async (o: { customer?: string }) => {
      const { listDevices } = await import("@/lib/devices/devices");
      const { getCustomerBySlug } = await import("@/lib/customers/customers");
      let scope: { customerId: string } | undefined;
      if (o.customer) {
        const c = await getCustomerBySlug(o.customer);
        if (!c) throw new Error(`unknown customer: ${o.customer}`);
        scope = { customerId: c.id };
      }
      printJson(await listDevices(scope));
    }),
  );

const user = program.command("user").description("people who sign in");
user
  .command("add")
  .requiredOption("--email <email>")
  .addOption(new Option("--role <role>").choices(["admin", "analyst", "customer"]).makeOptionMandatory())
  .option("--customer <slug>", "required for --role customer")
  .option("--name <name>", "display name", "")
  .addOption(new Option("--locale <locale>").choices(["ja", "en"]).default("ja"))
  .description("create a user; the password is read from stdin (or prompted on a terminal)")
  .action(
    run(async (o: { email: string; role: "admin" | "analyst" | "customer"; customer?: string; name: string; locale: "ja" | "en" }) => {
      const password = await readPassword("Password: ");
      const { createUser } = await import("@/lib/users/users");
      printJson(await createUser({ email: o.email, role: o.role, customerSlug: o.customer, name: o.name, locale: o.locale, password }, CLI_ACTOR));
    }),
  );
user
  .command("totp")
  .requiredOption("--email <email>")
  .option("--secret <base32>", "use this secret (e.g. to restore a known authenticator); default: a new random one")
  .option("--reset", "turn two-factor off instead (lost phone); staff enrol again at their next sign-in")
  .description("enrol a user in TOTP two-factor and print the secret and otpauth:// URI as JSON (treat the output as a secret)")
  .action(
    run(async (o: { email: string; secret?: string; reset?: boolean }) => {
      const { enrolTotpForUser, resetTotp } = await import("@/lib/users/two-factor");
      if (o.reset) {
        const { prisma } = await import("@/lib/db/client");
        const u = await prisma.user.findUnique({ where: { email: o.email.trim().toLowerCase() }, select: { id: true } });
        if (!u) throw new CliError(`unknown user: ${o.email}`);
        await resetTotp(u.id, CLI_ACTOR);
        printJson({ email: o.email, twoFactor: false });
        return;
      }
      printJson(await enrolTotpForUser(o.email, o.secret, CLI_ACTOR));
    }),
  );
user
  .command("totp-code")
  .requiredOption("--secret <base32>", "a TOTP secret as printed by `user totp` or `demo`")
  .description("print the current six-digit code for a secret (demo and scripts without an authenticator app)")
  .action(async (o: { secret: string }) => {
    try {
      const { currentTotp, isValidTotpSecret } = await import("@/lib/auth/totp");
      const secret = o.secret.replace(/\s+/g, "").toUpperCase();
      if (!isValidTotpSecret(secret)) throw new CliError("--secret is not a base32 TOTP secret");
      printJson({ code: currentTotp(secret) });
    } catch (err) {
      failWith(err);
    }
  });
user
  .command("unlock")
  .requiredOption("--email <email>")
  .description("lift a sign-in lockout of an account before it expires")
  .action(
    run(async (o: { email: string }) => {
      const { unlockAccount } = await import("@/lib/auth/throttle");
      await unlockAccount(o.email, CLI_ACTOR);
      printJson({ email: o.email, unlocked: true });
    }),
  );
user.command("list").action(
  run(async () => {
    const { listUsers } = await import("@/lib/users/users");
    printJson(await listUsers());
  }),
);

program
  .command("ingest")
  .description("ingest PAN-OS syslog files (plain or gzip; - for stdin) for a customer; exactly once per content")
  .requiredOption("--customer <slug>", "customer slug")
  .option("--json", "print the summary as JSON on stdout")
  .option("--batch <lines>", "lines per transaction (default 50000)")
  .option("--queue", "queue the files as jobs for `soc worker` instead of ingesting here (paths must be visible to the workers)")
  .argument("<files...>", "files, or - for standard input")
  .action(
    run(async (files: string[], o: { customer: string; json?: boolean; batch?: string; queue?: boolean }) => {
      const { ingestCommand, queueCommand } = await import("./ingest-command");
      await (o.queue ? queueCommand(files, o) : ingestCommand(files, o));
    }, { migrate: true }),
  );

program
  .command("generate")
  .description("write a month of realistic demo PAN-OS logs (PA-3220, shaped like the sample report)")
  .requiredOption("--month <YYYY-MM>", "month")
  .option("--scale <x>", "1 = the sample's ~42 M lines; 0.01 = ~420 k", "0.01")
  .option("--serial <serial>", "firewall serial", "013201009999")
  .option("--device <name>", "firewall name", "sample-utm")
  .option("--timezone <tz>", "device time zone", "Asia/Tokyo")
  .option("--internal <cidrs>", "internal networks", "192.0.2.0/24,10.0.0.0/8")
  .option("--seed <n>", "random seed (same seed, same bytes)", "1")
  .option("-o, --output <file>", "output file (.gz to compress), or - for stdout", "-")
  .action(async (o) => {
    try {
      const { generateCommand } = await import("./generate-command");
      await generateCommand(o);
    } catch (err) {
      failWith(err);
    }
  });

// Threat-intelligence lists for the alert rules (lib/intel).
const intel = program.command("intel").description("threat-intelligence lists used by alert rules");
intel.command("lists").description("the lists, with entry counts").action(
  run(async () => {
    const { listThreatLists } = await import("@/lib/intel/lists");
    printJson((await listThreatLists()).map((l) => ({ id: l.id, name: l.name, kind: l.kind, customer: l.customerSlug, source: l.source, entries: l._count.entries, rules: l._count.rules })));
  }),
);
intel
  .command("import")
  .description("add entries to a list from CSV (value[,source[,expires]]) or plain text (one per line); - for stdin")
  .requiredOption("--list <name>", "list name (created as --kind if missing)")
  .addOption(new Option("--kind <kind>", "kind of a new list").choices(["ip", "domain"]).default("ip"))
  .option("--source <source>", "source for entries without one", "")
  .option("--expires <date>", "expiry for entries without one (YYYY-MM-DD or ISO)", "")
  .option("--replace", "remove entries not in the import")
  .argument("<file>", "file, or - for standard input")
  .action(
    run(async (file: string, o: { list: string; kind: "ip" | "domain"; source: string; expires: string; replace?: boolean }) => {
      const { intelImportCommand } = await import("@/lib/intel/cli");
      printJson(await intelImportCommand(file, o));
    }),
  );

const report = program.command("report").description("monthly reports");
report
  .command("data")
  .description("print the report data model of a customer's month as JSON")
  .requiredOption("--customer <slug>", "customer slug")
  .requiredOption("--month <YYYY-MM>", "report month (customer's time zone)")
  .action(
    run(async (o: { customer: string; month: string }) => {
      const { reportDataCommand } = await import("./report-command");
      await reportDataCommand(o);
    }),
  );
report
  .command("pdf")
  .description("write the month's report PDF: the published one as frozen, else (or with --live) a draft from current data")
  .requiredOption("--customer <slug>", "customer slug")
  .requiredOption("--month <YYYY-MM>", "report month (customer's time zone)")
  .requiredOption("-o, --output <file>", "PDF file to write")
  .option("--live", "render from current data even when a version is published")
  .action(
    run(async (o: { customer: string; month: string; output: string; live?: boolean }) => {
      const { reportPdfCommand } = await import("./report-command");
      await reportPdfCommand(o);
    }),
  );
report
  .command("schedule")
  .description("create report drafts for every customer whose month has closed (idempotent; run from cron)")
  .option("--month <YYYY-MM>", "this month instead of each customer's last closed month")
  .option("--now <iso>", "pretend the time is this (tests)")
  .action(
    run(async (o: { month?: string; now?: string }) => {
      const { reportScheduleCommand } = await import("./report-command");
      await reportScheduleCommand(o);
    }),
  );

const retention = program.command("retention").description("retention of raw events per log kind (MAMORI_RETENTION_*_DAYS)");
retention
  .command("run")
  .description("drop the event partitions older than their kind's retention now (workers also run this daily)")
  .option("--dry-run", "list what would be dropped, drop nothing")
  .option("--now <iso>", "pretend it is this instant (UTC)")
  .action(
    run(async (o: { dryRun?: boolean; now?: string }) => {
      const { describeRetention, runRetention } = await import("@/lib/retention/retention");
      const now = o.now ? new Date(o.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new Error(`--now is not a date: ${o.now}`);
      const r = await runRetention({ now, dryRun: o.dryRun });
      log(describeRetention(r));
      printJson(r);
    }, { migrate: true }),
  );
retention
  .command("policy")
  .description("print the retention policy in force (from the environment)")
  .action(async () => {
    try {
      const { retentionPolicy } = await import("@/lib/retention/retention");
      printJson(retentionPolicy());
    } catch (err) {
      failWith(err);
    }
  });

program
  .command("worker")
  .description("take ingest jobs from the queue until stopped (run as many as you like, on any machine)")
  .option("--concurrency <n>", "jobs at once in this process", "1")
  .option("--batch <lines>", "lines per transaction (default 50000)")
  .option("--no-retention", "do not take the scheduled runs (daily retention, hourly indexes of finished months)")
  .action(async (o: { concurrency: string; batch?: string; retention: boolean }) => {
    try {
      await useDatabase({ migrate: true });
      const { startIngestWorker } = await import("@/lib/jobs/worker");
      const { stopQueue } = await import("@/lib/jobs/queue");
      const stop = await startIngestWorker({ concurrency: Number(o.concurrency) || 1, batchLines: o.batch ? Number(o.batch) : undefined, retention: o.retention, log });
      log("worker ready");
      const shutdown = async () => {
        await stop();
        await stopQueue();
        await releaseDatabase();
        process.exit(0);
      };
      process.on("SIGINT", () => void shutdown());
      process.on("SIGTERM", () => void shutdown());
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  });

program
  .command("syslog")
  .description("receive PAN-OS syslog over UDP/TCP/TLS, spool it durably, ingest it in batches (see lib/syslog/README.md)")
  .option("--udp <port>", "UDP port (RFC 5426), e.g. 514; 0 picks a free one")
  .option("--tcp <port>", "TCP port (RFC 6587: newline or octet-counted framing), e.g. 514")
  .option("--tls <port>", "TLS port (RFC 5425), e.g. 6514; needs --tls-cert and --tls-key")
  .option("--tls-cert <file>", "PEM certificate (chain) for --tls")
  .option("--tls-key <file>", "PEM private key for --tls")
  .option("--tls-ca <file>", "PEM CA bundle that client certificates must chain to")
  .option("--tls-client-auth", "require a client certificate signed by --tls-ca")
  .option("--host <addr>", "listen address", "0.0.0.0")
  .option("--spool <dir>", "spool directory (relative to the project directory)", process.env.MAMORI_SYSLOG_SPOOL ?? ".mamori/syslog-spool")
  .option("--spool-max-mb <mb>", "disk quota of the spool; when full TCP pauses and UDP drops (both reported)", "1024")
  .option("--rotate-seconds <s>", "hand the spool to ingest at least this often", "5")
  .option("--rotate-mb <mb>", "…or when a segment reaches this size", "16")
  .option("--batch <lines>", "lines per ingest transaction")
  .option("--max-connections <n>", "TCP/TLS connections at once (each may hold up to 128 KiB)", "1000")
  .option("--stats-seconds <s>", "log counters this often (when they change)", "10")
  .option("--trace", "log 'syslog: spooled N' after every fsync")
  .action(async (o) => {
    try {
      await useDatabase({ migrate: true });
      const { syslogCommand } = await import("@/lib/syslog/command");
      await syslogCommand(o, releaseDatabase);
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  });

program
  .command("syslog-bench")
  .description("send N lines for a device to a running `soc syslog` over loopback and time until all are ingested")
  .requiredOption("--serial <serial>", "serial of an existing device")
  .requiredOption("--port <port>", "the receiver's TCP (or, with --udp, UDP) port")
  .option("--udp", "send over UDP instead of TCP (lines may be lost: UDP)")
  .option("--host <addr>", "receiver address", "127.0.0.1")
  .option("--lines <n>", "lines to send", "100000")
  .option("--timeout <s>", "give up after this long without progress", "60")
  .action(
    run(async (o: { serial: string; port: string; udp?: boolean; host: string; lines: string; timeout: string }) => {
      const { syslogBench } = await import("@/lib/syslog/bench");
      printJson(await syslogBench({ host: o.host, port: Number(o.port), udp: !!o.udp, serial: o.serial, lines: Number(o.lines), timeoutSeconds: Number(o.timeout) }));
    }),
  );

program
  .command("bench")
  .description("measure ingest (vs raw COPY), memory and report data time on a generated month in a fresh database")
  .option("--scale <x>", "month size; 0.12 ≈ 5.4 M lines", "0.12")
  .option("--month <YYYY-MM>", "month to generate", "2021-12")
  .option("--keep", "keep the bench database")
  .action(async (o: { scale: string; month: string; keep?: boolean }) => {
    try {
      const { benchCommand } = await import("./bench-command");
      await benchCommand(o);
      process.exit(0);
    } catch (err) {
      failWith(err);
    }
  });

program
  .command("load-test")
  .description("50 signed-in customers reading dashboards and reports over HTTP (loopback) while an ingest runs; prints p95 latency")
  .option("--seconds <n>", "duration", "15")
  .option("--connections <n>", "concurrent customer users", "50")
  .option("--customers <n>", "customers they belong to", "5")
  .option("--scale <x>", "month size per customer (0.0002 ≈ 8 k lines)", "0.0002")
  .option("--url <url>", "a running Mamori on loopback (default: start `next start` of the build)")
  .action(
    run(
      async (o: { seconds: string; connections: string; customers: string; scale: string; url?: string }) => {
        const { loadTest } = await import("./load-test");
        const r = await loadTest({ seconds: Number(o.seconds), connections: Number(o.connections), customers: Number(o.customers), scale: Number(o.scale), url: o.url, log });
        printJson(r);
        log(`load test: ${r.requests} requests in ${r.seconds}s by ${r.connections} customers, p95 ${r.latencyMs.p95} ms, ${r.errors + r.non2xx + r.timeouts} errors`);
        if (r.errors + r.non2xx + r.timeouts > 0) throw new CliError(`load test: ${r.errors} errors, ${r.non2xx} non-2xx answers, ${r.timeouts} timeouts`);
      },
      { migrate: true },
    ),
  );

program
  .command("serve")
  .description("serve the web app (embedded PostgreSQL when DATABASE_URL is unset)")
  .option("--port <port>", "port", process.env.PORT ?? "3000")
  .option("--dev", "next dev instead of the production build")
  .action(async (o: { port: string; dev?: boolean }) => {
    try {
      // A bad setting stops the start with its reason, rather than failing every request that reads it.
      const { trustedProxies } = await import("@/lib/auth/client-address");
      trustedProxies();
      await useDatabase({ migrate: true });
      const { serve } = await import("./serve");
      await serve({ port: Number(o.port), dev: !!o.dev });
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  });

program
  .command("demo")
  .description("migrate, seed the sample customer and users, print their credentials, and serve on PORT")
  .option("--port <port>", "port", process.env.PORT ?? "3000")
  .option("--no-serve", "seed only")
  .action(async (o: { port: string; serve: boolean }) => {
    try {
      await useDatabase({ migrate: true });
      const { seedDemo } = await import("./demo");
      const creds = await seedDemo();
      printJson(creds);
      if (!o.serve) return void (await releaseDatabase());
      const { serve } = await import("./serve");
      await serve({ port: Number(o.port), dev: false, banner: creds });
    } catch (err) {
      await releaseDatabase().catch(() => {});
      failWith(err);
    }
  });

program.parseAsync(process.argv).catch((err) => {
  log(String(err));
  process.exit(1);
});
