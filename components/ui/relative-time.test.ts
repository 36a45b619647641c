// Times in the log, the delivery page and the event pages: absolute, in Brasília time, with seconds.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { IntlProvider } from "use-intl";
import { expect, it } from "vitest";
import { AbsoluteTime } from "@/components/ui/relative-time";

const render = (locale: "pt-BR" | "en", value: string) =>
  renderToStaticMarkup(
    createElement(IntlProvider, {
      locale,
      messages: {},
      timeZone: "America/Sao_Paulo",
      now: new Date("2026-12-05T17:06:11Z"),
      children: createElement(AbsoluteTime, { value }),
    }),
  );

it("shows the time in America/Sao_Paulo with seconds, and the relative time beside it", () => {
  const html = render("pt-BR", "2026-12-05T17:02:11Z");
  expect(html).toMatch(/05\/12\/2026,? 14:02:11/);
  expect(html).toContain('dateTime="2026-12-05T17:02:11.000Z"');
  expect(html).toMatch(/há 4 minutos/);
  expect(render("en", "2026-12-05T02:30:00Z")).toMatch(/12\/04\/2026,? 11:30:00 PM/);
});
