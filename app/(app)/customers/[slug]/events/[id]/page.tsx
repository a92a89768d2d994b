import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireCustomer } from "@/lib/auth/guard";
import { getEvent } from "@/lib/events";

export default async function EventPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { scope } = await requireCustomer(slug);
  const event = await getEvent(scope, id);
  if (!event) notFound();
  const t = await getTranslations("events");
  return (
    <>
      <h1>{t("event")}</h1>
      <dl className="facts" data-testid="event-record">
        {Object.entries(event.record)
          .filter(([k]) => k !== "time")
          .map(([k, v]) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{k}</dt>
              <dd>{v === null ? "—" : String(v)}</dd>
            </div>
          ))}
      </dl>
      <h2>{t("raw")}</h2>
      <pre className="raw" data-testid="event-raw">
        {event.raw ?? "—"}
      </pre>
    </>
  );
}
