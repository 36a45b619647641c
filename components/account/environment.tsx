"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { ENVIRONMENT_COOKIE } from "@/components/account/environment-cookie";
import { ENVIRONMENTS, isEnvironment, type Environment } from "@/lib/webhooks/environments";

interface EnvironmentState {
  environment: Environment;
  choose: (environment: Environment) => void;
}

const EnvironmentContext = createContext<EnvironmentState>({ environment: "producao", choose: () => {} });

/** The environment the account pages show (webhooks, events) and new webhooks default to. */
export function EnvironmentProvider({ initial, children }: { initial: Environment; children: ReactNode }) {
  const router = useRouter();
  const [environment, setEnvironment] = useState(initial);
  const [seen, setSeen] = useState(initial);
  // the layout re-rendered with another cookie value (a refresh after a switch in another tab)
  if (initial !== seen) {
    setSeen(initial);
    setEnvironment(initial);
  }
  function choose(next: Environment) {
    document.cookie = `${ENVIRONMENT_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    setEnvironment(next);
    router.refresh();
  }
  return <EnvironmentContext.Provider value={{ environment, choose }}>{children}</EnvironmentContext.Provider>;
}

export const useEnvironment = () => useContext(EnvironmentContext).environment;

/** "Produção" or "Homologação", the latter in the warning tone. */
export function EnvironmentBadge({ environment }: { environment: string }) {
  const t = useTranslations("common.environments");
  return (
    <Badge tone={environment === "homologacao" ? "warning" : "neutral"}>{isEnvironment(environment) ? t(environment) : environment}</Badge>
  );
}

/** Options of an environment select, in the person's language. */
export function useEnvironmentOptions() {
  const t = useTranslations("common.environments");
  return ENVIRONMENTS.map((value) => ({ value, label: t(value) }));
}

/** The "Ambiente" select above the account pages, and the HOMOLOGAÇÃO banner while it is chosen. */
export function EnvironmentBar({ children }: { children?: ReactNode }) {
  const t = useTranslations("account.environment");
  const { environment, choose } = useContext(EnvironmentContext);
  const options = useEnvironmentOptions();
  const id = useId();
  return (
    <div className="mb-4 flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>{children}</div>
        <div className="flex items-center gap-2">
          <label htmlFor={id} className="text-sm font-medium text-slate-800">
            {t("label")}
          </label>
          <select
            id={id}
            value={environment}
            onChange={(e) => choose(e.target.value as Environment)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div role="status">
        {environment === "homologacao" && (
          <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded-md border-2 border-amber-500 bg-amber-100 px-4 py-2 text-amber-950">
            <strong className="tracking-wider">{t("bannerTitle")}</strong>
            <span className="text-sm">{t("bannerText")}</span>
          </p>
        )}
      </div>
    </div>
  );
}
