import { getTranslations } from "next-intl/server";
import type { ResponseView } from "@/lib/reports/recommendations";

/** The customer's answer to a recommendation, as analysts and the customer see it. */
export async function ResponseNote({ response }: { response: ResponseView | null }) {
  if (!response) return null;
  const t = await getTranslations("reports.response");
  return (
    <div className="rec-response" data-testid="response">
      <span className="answered">{response.status === "checked" ? t("checked") : t("answered")}</span>
      {response.answer && <span>: {response.answer}</span>}
      <span className="muted">
        {" "}
        ({response.respondedBy}, {response.respondedAt.slice(0, 16).replace("T", " ")} UTC)
      </span>
    </div>
  );
}
