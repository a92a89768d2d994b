import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { eventFilterSchema, filterQuery, searchEvents } from "@/lib/events";
import { fieldCodes } from "@/lib/validation";
import { EventFilterForm } from "@/components/events/event-filter-form";
import { EventTable } from "@/components/events/event-table";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventsPage({ params, searchParams }: Props) {
  const { scope } = await requireCustomer((await params).slug);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const t = await getTranslations("events");
  const parsed = eventFilterSchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldCodes(parsed.error);
  const filter = parsed.success ? parsed.data : {};
  const page = parsed.success ? await searchEvents(scope, parsed.data) : null;
  const base = `/customers/${scope.slug}/events`;
  const query = filterQuery({ ...filter, cursor: undefined });
  return (
    <>
      <h1>{t("title")}</h1>
      <EventFilterForm action={base} values={raw as Record<string, string>} errors={errors} />
      {page && (
        <>
          <p className="muted" data-testid="event-range">
            {t("range", { from: page.range.from.slice(0, 16).replace("T", " "), to: page.range.to.slice(0, 16).replace("T", " ") })} · {t("took", { ms: page.ms })} ·{" "}
            <a href={`/api/customers/${scope.slug}/events/export?${query}`} data-testid="csv-export" download>
              {t("exportCsv")}
            </a>
          </p>
          <EventTable rows={page.rows} slug={scope.slug} />
          {page.next && (
            <p>
              <a href={`${base}?${filterQuery({ ...filter, cursor: page.next })}`} data-testid="next-page">
                {t("nextPage")}
              </a>
            </p>
          )}
        </>
      )}
    </>
  );
}
