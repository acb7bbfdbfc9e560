/**
 * A UTF-8 byte order mark, first in every CSV download: Excel on Windows reads a CSV without one as
 * the local code page and mangles "—", accents and every non-Latin script. Other tools skip it.
 */
export const CSV_BOM = '\uFEFF';
