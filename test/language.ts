// Text that must never reach a pt-BR page: English from zod, the browser or the API, and regexes.
// Shared by the catalog check (lib/i18n/wording.test.ts) and the pages' (e2e/language.spec.ts).
export const NOT_PORTUGUESE: RegExp[] = [
  / must /i,
  /\bInvalid\b/,
  /\bexpected\b/i,
  /\bRequired\b/,
  /answered with/i,
  /Unexpected (token|end)/i,
  /not valid JSON|JSON input|JSON\.parse/,
  /\b(could not|cannot|can't)\b/i,
  /\bis (not|too|already|invalid)\b/i,
  /\bnot found\b/i,
  /Too (small|big)|Unrecognized key/i,
  /Failed to fetch|Internal Server Error/i,
  /\/\^|\$\//,
];

/** Portuguese that must never reach an English page. */
export const NOT_ENGLISH: RegExp[] = [
  /\b(não|você|obrigatório|inválid[ao]|Entrar|Salvar|Adicionar|Excluir|requisição|enviamos)\b/i,
  /Campo obrigatório|Informe |Carregando/,
];

/** The patterns of `list` that `text` matches, each with the text around the match. */
export function matches(list: RegExp[], text: string): string[] {
  return list.flatMap((pattern) => {
    const found = pattern.exec(text);
    return found ? [`${pattern} → "…${text.slice(Math.max(0, found.index - 40), found.index + found[0].length + 40)}…"`] : [];
  });
}
