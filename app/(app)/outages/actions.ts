"use server";

import { requestIp, requireRole } from "@/lib/auth/guard";
import { actorOf } from "@/lib/auth/types";
import type { FormState } from "@/lib/forms";
import { runForm } from "@/lib/alerts/form-action";
import { createOutage, updateOutage } from "@/lib/outages/outages";

async function staff() {
  const user = await requireRole("admin", "analyst");
  return actorOf(user, await requestIp());
}

export async function createOutageAction(_prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, (v) => createOutage(v, actor).then(() => undefined), ["/outages"]);
}

export async function updateOutageAction(id: string, _prev: FormState, formData: FormData) {
  const actor = await staff();
  return runForm(formData, async (v) => {
    await updateOutage(id, v, actor);
    return "/outages";
  }, ["/outages"]);
}
