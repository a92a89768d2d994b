import { detached } from "./detached";
import { getGeoResolver } from "@/lib/geo";
import { parseCidr, parseIPv4, parseIPv6, type Cidr } from "@/lib/geo/ip";
import { makeLocalTimeConverter } from "./panos/time";
import { makeHourTable, makeStamper, type HourInfo, type Stamp } from "./stamp";

// Everything an ingest needs to know about one customer, loaded once: devices by serial (with
// their time zones), internal networks, and a cache of per-address facts (inside the
// customer's networks? country, organisation), so each distinct address is looked up once.

export interface DeviceInfo {
  id: string;
  serial: string;
  hostname: string;
  timezone: string;
  toUtc: (local: string) => Date | null;
  stamp: (local: string) => Stamp | null;
  /** offset and UTC month of a local hour YYYYMMDDHH (the byte lane's stamp) */
  hour: (hour: number) => HourInfo | false;
}

/** A device's local-time converters for one time zone (shared by the customer's devices in that zone). */
export function timeConverters(timeZone: string): Pick<DeviceInfo, "toUtc" | "stamp" | "hour"> {
  return { toUtc: makeLocalTimeConverter(timeZone), stamp: makeStamper(timeZone), hour: makeHourTable(timeZone) };
}

/** A customer's context as plain data (it crosses to worker threads). */
export interface ContextData {
  customerId: string;
  slug: string;
  timezone: string;
  internalNetworks: string[];
  devices: { id: string; serial: string; hostname: string; timezone: string }[];
}

export interface AddressInfo {
  internal: boolean;
  country: string | null;
  org: string | null;
}

const ADDRESS_CACHE_LIMIT = 500_000;

export class CustomerContext {
  private readonly v4: { base: number; size: number }[] = [];
  private readonly v6: Cidr[] = [];
  private readonly addresses = new Map<string, AddressInfo>();

  constructor(
    readonly customerId: string,
    readonly slug: string,
    readonly timezone: string,
    readonly devices: Map<string, DeviceInfo>,
    internalNetworks: string[],
  ) {
    for (const text of internalNetworks) {
      const c = parseCidr(text);
      if (c?.family === 4) this.v4.push({ base: c.base, size: c.size });
      else if (c) this.v6.push(c);
    }
  }

  /** The customer's devices (enabled ones) and networks. The database client is imported here: worker threads use fromData. */
  static async load(scope: { customerId: string }): Promise<CustomerContext> {
    const { prisma } = await import("@/lib/db/client");
    const c = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, include: { devices: { where: { disabled: false } } } });
    return CustomerContext.fromData({
      customerId: c.id,
      slug: c.slug,
      timezone: c.timezone,
      internalNetworks: c.internalNetworks,
      devices: c.devices.map((d) => ({ id: d.id, serial: d.serial, hostname: d.hostname, timezone: d.timezone })),
    });
  }

  /** A context from plain data (an ingest worker thread gets it from the main thread's `data`). */
  static fromData(data: ContextData): CustomerContext {
    const converters = new Map<string, Pick<DeviceInfo, "toUtc" | "stamp" | "hour">>();
    const devices = new Map<string, DeviceInfo>();
    for (const d of data.devices) {
      if (!converters.has(d.timezone)) converters.set(d.timezone, timeConverters(d.timezone));
      devices.set(d.serial, { ...d, ...converters.get(d.timezone)! });
    }
    const ctx = new CustomerContext(data.customerId, data.slug, data.timezone, devices, data.internalNetworks);
    ctx.data = data;
    return ctx;
  }

  /** What the context was made from, when it came from load() or fromData(). */
  data: ContextData | null = null;

  /** Facts about one address, cached. Internal and reserved addresses are not looked up. */
  address(ip: string): AddressInfo {
    let info = this.addresses.get(ip);
    if (info) return info;
    if (this.addresses.size >= ADDRESS_CACHE_LIMIT) this.addresses.clear();
    // The parser's strings can be slices of a whole read chunk; a cached key must not pin it.
    ip = detached(ip);
    if (this.isInternal(ip)) info = { internal: true, country: null, org: null };
    else {
      const g = getGeoResolver().lookup(ip);
      info = { internal: false, country: g.country, org: g.reserved ? `(${g.reserved})` : g.org };
    }
    this.addresses.set(ip, info);
    return info;
  }

  private isInternal(ip: string): boolean {
    const n = parseIPv4(ip);
    if (n >= 0) {
      for (const r of this.v4) if (n >= r.base && n < r.base + r.size) return true;
      return false;
    }
    if (!this.v6.length) return false;
    const w = parseIPv6(ip);
    if (!w) return false;
    return this.v6.some((c) => c.family === 6 && inV6(w, c));
  }
}

function inV6(w: Uint32Array, c: Extract<Cidr, { family: 6 }>): boolean {
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, c.prefix - 32 * k));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((w[k]! & mask) >>> 0) !== c.words[k]) return false;
  }
  return true;
}

/** inbound / outbound / internal / external, seen from the customer's internal networks. */
export function directionOf(src: AddressInfo | null, dst: AddressInfo | null): string | null {
  if (!src || !dst) return null;
  if (src.internal) return dst.internal ? "internal" : "outbound";
  return dst.internal ? "inbound" : "external";
}
