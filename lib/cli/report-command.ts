import { getCustomerBySlug } from "@/lib/customers/customers";
import { buildReportData } from "@/lib/reports/report-data";
import { monthSchema } from "@/lib/reports/month";
import { CliError, log, printJson } from "./output";

async function resolve(o: { customer: string; month: string }) {
  if (!monthSchema.safeParse(o.month).success) throw new CliError(`--month must be YYYY-MM, got "${o.month}"`);
  const customer = await getCustomerBySlug(o.customer);
  if (!customer) throw new CliError(`unknown customer: ${o.customer}`);
  return { customerId: customer.id };
}

export async function reportDataCommand(o: { customer: string; month: string }): Promise<void> {
  const scope = await resolve(o);
  const started = performance.now();
  const data = await buildReportData(scope, o.month);
  log(`report data built in ${Math.round(performance.now() - started)} ms`);
  printJson(data);
}
