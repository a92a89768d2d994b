"use client";

import { useTranslations } from "next-intl";

export function PrintButton() {
  const t = useTranslations("reports");
  return (
    <button type="button" onClick={() => window.print()}>
      {t("printNow")}
    </button>
  );
}
