import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { isUuid } from "@/lib/alerts/alerts";
import { getRule } from "@/lib/alerts/rules";
import { listActiveCustomers } from "@/lib/customers/overview";
import { listThreatLists } from "@/lib/intel/lists";
import { EntityForm } from "@/components/entity-form";
import { ruleFields } from "@/components/soc/rule-fields";
import { updateRuleAction } from "../actions";

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin", "analyst");
  const { id } = await params;
  const rule = isUuid(id) ? await getRule(id) : null;
  if (!rule) notFound();
  const [t, customers, lists] = await Promise.all([getTranslations("rules"), listActiveCustomers(), listThreatLists()]);
  return (
    <>
      <h1>{rule.name}</h1>
      <EntityForm action={updateRuleAction.bind(null, rule.id)} fields={ruleFields(t as never, customers, lists, rule)} submitLabel={t("save")} savedMessage={t("saved")} />
    </>
  );
}
