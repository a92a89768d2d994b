/**
 * Offline IP enrichment for Mamori (country, AS organisation, reserved ranges).
 *
 *   import { lookupIp } from "@/lib/geo";
 *   lookupIp("8.8.8.8")      // { country: "US", org: "Google LLC", asn: 15169, reserved: null }
 *   lookupIp("192.168.1.10") // { country: null, org: null, asn: null, reserved: "private" }
 *
 * The process-wide resolver reads MAMORI_GEO_COUNTRY_MMDB / MAMORI_GEO_ASN_MMDB
 * when it is first used; see ./README.md for data sources and attribution.
 */
import { createGeoResolver, type GeoInfo, type GeoResolver, type GeoResolverOptions } from "./resolver";

export { createGeoResolver, GeoResolver, resolvePackageFile } from "./resolver";
export type { GeoInfo, GeoResolverOptions, GeoSourceInfo } from "./resolver";
export { classifyReserved, classifyIPv4, classifyIPv6, RESERVED_LABELS } from "./reserved";
export type { ReservedLabel } from "./reserved";
export { parseIPv4, parseIPv6, formatIPv4, formatIPv6, parseCidr } from "./ip";
export type { Cidr } from "./ip";
export { AsnTable } from "./asn-table";

/** Attribution required by CC BY 4.0 for the shipped ASN data (show where organisation names are displayed). */
export const GEO_ATTRIBUTION =
  "IP address to AS organisation data: ip-location-db (https://github.com/sapics/ip-location-db) " +
  "\"asn\" database, built from RouteViews (https://www.routeviews.org/), DB-IP IP to ASN Lite (https://db-ip.com) " +
  "and NRO/RIR delegation data (https://www.nro.net/), licensed under CC BY 4.0 " +
  "(https://creativecommons.org/licenses/by/4.0/). IP Geolocation by DB-IP (https://db-ip.com). " +
  "Country data: ip-location-db \"geo-whois-asn-country\" (CC0 1.0).";

/** Short HTML credit line requested by DB-IP for web pages that show the data. */
export const GEO_ATTRIBUTION_HTML = "<a href='https://db-ip.com'>IP Geolocation by DB-IP</a>";

let singleton: GeoResolver | null = null;

/** The process-wide resolver (created on first use with env configuration). */
export function getGeoResolver(): GeoResolver {
  if (!singleton) singleton = createGeoResolver();
  return singleton;
}

/** Replace (or with no argument, reset) the process-wide resolver; for tests and `soc` options. */
export function setGeoResolver(resolverOrOptions?: GeoResolver | GeoResolverOptions): void {
  if (resolverOrOptions === undefined) singleton = null;
  else if ("lookup" in resolverOrOptions && typeof resolverOrOptions.lookup === "function") singleton = resolverOrOptions as GeoResolver;
  else singleton = createGeoResolver(resolverOrOptions as GeoResolverOptions);
}

/** Look up one address (IPv4 or IPv6 text). Never throws; unknown/invalid input gives all-null fields. */
export function lookupIp(ip: string): { country: string | null; org: string | null; asn: number | null; reserved: GeoInfo["reserved"] } {
  return getGeoResolver().lookup(ip);
}

/** Country only; avoids loading the (larger) ASN table. */
export function lookupCountry(ip: string): string | null {
  return getGeoResolver().country(ip);
}
