import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guard";
import { listActiveCustomers } from "@/lib/customers/overview";
import { listThreatLists } from "@/lib/intel/lists";
import { EntityForm } from "@/components/entity-form";
import { ruleFields } from "@/components/soc/rule-fields";
import { createRuleAction } from "../actions";

export default async function NewRulePage() {
  await requireRole("admin", "analyst");
  const [t, customers, lists] = await Promise.all([getTranslations("rules"), listActiveCustomers(), listThreatLists()]);
  return (
    <>
      <h1>{t("new")}</h1>
      <EntityForm action={createRuleAction} fields={ruleFields(t as never, customers, lists)} submitLabel={t("create")} />
    </>
  );
}
