// Every message kind renders in every language: a subject, plain text and HTML with the same link,
// and whatever came from people (names, URLs) escaped in the HTML.
import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/config";
import { render, type MessageKind, type MessageParams } from "@/lib/mail/templates";

const link = "http://painel.test/x?token=abc&y=1";
const samples: { [K in MessageKind]: MessageParams[K] } = {
  password_reset: { name: "Ana <b>", link },
  invitation: { organization: "Padaria & Filhos", invitedBy: "Dona Maria", role: "admin", link },
  endpoint_failing: {
    endpoint: "ERP <matriz>",
    organization: "Padaria",
    percent: 75,
    failures: 750,
    failingFor: "2 dias",
    lastError: "tempo esgotado após 15 s",
    disablesIn: "em cerca de 1 dia",
    link,
  },
  delivery_exhausted: {
    endpoint: "ERP <matriz>",
    organization: "Padaria",
    count: 3,
    examples: ["nfe.autorizada <evt_1>"],
    lastError: "o servidor respondeu 500",
    link,
  },
  endpoint_recovered: { endpoint: "ERP <matriz>", organization: "Padaria", link },
  endpoint_disabled: {
    endpoint: "ERP <matriz>",
    organization: "Padaria",
    failingFor: "3 h",
    lastError: "o servidor respondeu 500",
    paused: 7,
    link,
  },
};

describe.each(locales)("%s", (locale) => {
  it.each(Object.keys(samples) as MessageKind[])("renders %s", (kind) => {
    const message = render(kind, locale, samples[kind] as never);
    expect(message.subject.length).toBeGreaterThan(5);
    expect(message.text).toContain(link);
    expect(message.html).toContain("http://painel.test/x?token=abc&amp;y=1");
    expect(message.html).not.toMatch(/<b>|<matriz>|& Filhos/);
  });
});
